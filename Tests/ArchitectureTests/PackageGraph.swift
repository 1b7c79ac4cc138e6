// PackageGraph: the targets of Package.swift and their declared dependencies, as SwiftPM itself
// reads them (`swift package dump-package`), run once per test process.
//
// `swift test` holds the lock of .build/, and a `swift package` run in the same folder would
// wait for it forever; dump-package reads only the manifest, so it runs on a copy of
// Package.swift in a fresh temporary folder.

import Foundation

/// One target of the package and what it declares it depends on.
struct PackageTarget: Sendable, Equatable {
    enum Kind: String, Sendable { case regular, executable, test, system, plugin, macro, binary }
    var name: String
    var kind: Kind
    /// Targets of this package and products of other packages, by name, as declared.
    var dependencies: [String]
}

/// The package's targets, and the closure of their dependencies.
struct PackageGraph: Sendable {
    var targets: [String: PackageTarget]

    /// What `name` depends on, directly or through other targets of the package.
    func closure(of name: String) -> Set<String> {
        var seen: Set<String> = []
        var queue = targets[name]?.dependencies ?? []
        while let next = queue.popLast() {
            guard seen.insert(next).inserted else { continue }
            queue += targets[next]?.dependencies ?? []
        }
        return seen
    }

    /// The targets of `kinds`, by name.
    func names(_ kinds: Set<PackageTarget.Kind>) -> [String] {
        targets.values.filter { kinds.contains($0.kind) }.map(\.name).sorted()
    }

    /// Decodes `swift package dump-package` output.
    static func decode(_ json: Data) throws -> PackageGraph {
        let manifest = try JSONDecoder().decode(Manifest.self, from: json)
        var targets: [String: PackageTarget] = [:]
        for target in manifest.targets {
            guard let kind = PackageTarget.Kind(rawValue: target.type) else {
                throw GraphError("target \(target.name) has a kind this test does not know: \(target.type)")
            }
            targets[target.name] = PackageTarget(
                name: target.name, kind: kind, dependencies: target.dependencies.compactMap(\.name))
        }
        return PackageGraph(targets: targets)
    }

    /// The graph of the package at `root`, read by the toolchain's `swift`.
    static func dump(root: URL, swift: URL) throws -> PackageGraph {
        let copy = FileManager.default.temporaryDirectory.appendingPathComponent("lanstitch-arch-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: copy, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: copy) }
        try FileManager.default.copyItem(
            at: root.appendingPathComponent("Package.swift"), to: copy.appendingPathComponent("Package.swift"))
        let process = Process()
        process.executableURL = swift
        process.arguments = ["package", "--package-path", copy.path, "dump-package"]
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let json = output.fileHandleForReading.readDataToEndOfFile()
        let problem = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw GraphError(
                "swift package dump-package exited \(process.terminationStatus): "
                    + String(decoding: problem, as: UTF8.self))
        }
        return try decode(json)
    }

    /// `swift` on PATH, if any.
    static var swiftOnPath: URL? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        return path.split(separator: ":").map { URL(fileURLWithPath: String($0)).appendingPathComponent("swift") }
            .first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }

    /// The package graph of this package, read once; nil when `swift` is not on PATH.
    static let current: Result<PackageGraph, GraphError>? = {
        guard let swift = swiftOnPath else { return nil }
        do { return .success(try dump(root: SourceTree.root, swift: swift)) } catch let error as GraphError {
            return .failure(error)
        } catch { return .failure(GraphError("\(error)")) }
    }()
}

/// Why the package graph could not be read.
struct GraphError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// The parts of dump-package's JSON the rules read.
private struct Manifest: Decodable {
    struct Target: Decodable {
        var name: String
        var type: String
        var dependencies: [Dependency]
    }

    /// `{"byName": [name, condition]}`, `{"target": [name, condition]}` or
    /// `{"product": [name, package, moduleAliases, condition]}`.
    struct Dependency: Decodable {
        var name: String?

        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            let cases = try container.decode([String: [Name?]].self)
            name = cases.values.first?.first??.text
        }
    }

    /// A JSON value that is a name, or something else (a condition, a map) that is not read.
    struct Name: Decodable {
        var text: String?
        init(from decoder: any Decoder) throws { text = try? decoder.singleValueContainer().decode(String.self) }
    }

    var targets: [Target]
}
