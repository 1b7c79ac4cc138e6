// SourceTree: every Swift file under Sources/ and Tests/ with the target it belongs to (its
// folder, SwiftPM's default layout) and the modules it imports — what the layer rules read.

import Foundation

/// One Swift file of the package.
struct SourceFile: Sendable {
    /// The path from the package root, e.g. `Sources/LanLab/LabUp.swift`.
    var path: String
    /// The target: the folder under Sources/ or Tests/.
    var target: String
    var text: String

    /// Every module named by an `import` line, attributes and `#if` guards notwithstanding
    /// (`@testable import X`, `import struct X.Y`, an indented import inside `#if canImport`).
    var imports: Set<String> {
        var modules: Set<String> = []
        for line in text.split(separator: "\n") {
            var words = line.split(whereSeparator: { $0 == " " || $0 == "\t" })[...]
            while let first = words.first, first.hasPrefix("@") { words = words.dropFirst() }
            guard words.first == "import", words.count >= 2 else { continue }
            words = words.dropFirst()
            if Self.importKinds.contains(String(words.first ?? "")), words.count >= 2 { words = words.dropFirst() }
            if let name = words.first?.split(separator: ".").first { modules.insert(String(name)) }
        }
        return modules
    }

    static let importKinds: Set<String> = ["struct", "class", "enum", "protocol", "func", "var", "let", "typealias"]

    /// The lines that contain `needle` outside `//` comments, as `path:line: text`.
    func lines(containing needle: String) -> [String] {
        text.split(separator: "\n", omittingEmptySubsequences: false).enumerated().compactMap { index, line in
            let code = line.range(of: "//").map { line[..<$0.lowerBound] } ?? line[...]
            return code.contains(needle) ? "\(path):\(index + 1): \(line.trimmingCharacters(in: .whitespaces))" : nil
        }
    }
}

/// The Swift files of the package this test file belongs to.
struct SourceTree: Sendable {
    /// The package root: three folders up from this file (Tests/ArchitectureTests/SourceTree.swift).
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    var files: [SourceFile]

    /// Reads every `.swift` file under Sources/ and Tests/ (golden data and other files are skipped).
    static func read(root: URL = SourceTree.root) throws -> SourceTree {
        var files: [SourceFile] = []
        for top in ["Sources", "Tests"] {
            let base = root.appendingPathComponent(top)
            let targets = try FileManager.default.contentsOfDirectory(atPath: base.path).sorted()
            for target in targets {
                let folder = base.appendingPathComponent(target)
                guard let walker = FileManager.default.enumerator(atPath: folder.path) else { continue }
                for case let relative as String in walker where relative.hasSuffix(".swift") {
                    let text = try String(contentsOf: folder.appendingPathComponent(relative), encoding: .utf8)
                    files.append(SourceFile(path: "\(top)/\(target)/\(relative)", target: target, text: text))
                }
            }
        }
        return SourceTree(files: files.sorted { $0.path < $1.path })
    }

    /// The files of `target`.
    func files(of target: String) -> [SourceFile] { files.filter { $0.target == target } }

    /// The modules `target`'s files import.
    func imports(of target: String) -> Set<String> {
        files(of: target).reduce(into: []) { $0.formUnion($1.imports) }
    }

    /// The targets that have files.
    var targets: Set<String> { Set(files.map(\.target)) }

    /// The targets under Sources/ that have files (test targets left out), sorted.
    var sourceTargets: [String] { Set(files.filter { $0.path.hasPrefix("Sources/") }.map(\.target)).sorted() }
}
