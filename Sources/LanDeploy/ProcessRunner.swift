// ProcessRunner: runs local programs (ssh, tar) and collects what they print; and the upload
// pipe `tar -c … | ssh … tar -x` with the bytes counted as they pass, for the progress bar.
// The only file of LanDeploy that starts processes. SIGPIPE must be ignored by the caller
// (DeployCommand does), so a dying ssh makes a write fail instead of killing deploy.

import Foundation

/// How a program ended and what it printed.
public struct RunResult: Sendable {
    public var status: Int32
    public var output: String
    public var errors: String
}

public enum ProcessRunner {
    /// Runs `arguments` (the first is looked up on PATH), feeding `input` to its stdin.
    public static func run(_ arguments: [String], input: Data = Data()) throws -> RunResult {
        let process = try makeProcess(arguments)
        let stdin = Pipe()
        let stdout = Pipe()
        let stderr = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        let errors = Collected()
        let group = DispatchGroup()
        DispatchQueue.global().async(group: group) {
            errors.set(stderr.fileHandleForReading.readDataToEndOfFile())
        }
        DispatchQueue.global().async(group: group) {
            try? stdin.fileHandleForWriting.write(contentsOf: input)
            try? stdin.fileHandleForWriting.close()
        }
        let output = stdout.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        return RunResult(
            status: process.terminationStatus, output: String(decoding: output, as: UTF8.self),
            errors: String(decoding: errors.value, as: UTF8.self))
    }

    /// Runs `producer` with its stdout piped into `consumer`'s stdin, calling `progress` with
    /// the bytes passed so far. Returns the consumer's result (the producer's failure is
    /// reported in its errors).
    public static func pipe(
        _ producer: [String], into consumer: [String], progress: (Int) -> Void
    ) throws -> RunResult {
        let source = try makeProcess(producer)
        let sink = try makeProcess(consumer)
        let between = Pipe()
        let sourceErrors = Pipe()
        let sinkIn = Pipe()
        let sinkOut = Pipe()
        let sinkErrors = Pipe()
        source.standardOutput = between
        source.standardError = sourceErrors
        sink.standardInput = sinkIn
        sink.standardOutput = sinkOut
        sink.standardError = sinkErrors
        try source.run()
        try sink.run()
        let output = Collected()
        let errors = Collected()
        let group = DispatchGroup()
        DispatchQueue.global().async(group: group) { output.set(sinkOut.fileHandleForReading.readDataToEndOfFile()) }
        DispatchQueue.global().async(group: group) { errors.set(sinkErrors.fileHandleForReading.readDataToEndOfFile()) }
        var passed = 0
        var broken = false
        while let piece = try? between.fileHandleForReading.read(upToCount: 256 << 10), !piece.isEmpty {
            if !broken {
                do { try sinkIn.fileHandleForWriting.write(contentsOf: piece) } catch { broken = true }
            }
            passed += piece.count
            progress(passed)
        }
        try? sinkIn.fileHandleForWriting.close()
        source.waitUntilExit()
        let producerErrors = String(decoding: sourceErrors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        group.wait()
        sink.waitUntilExit()
        var result = RunResult(
            status: sink.terminationStatus, output: String(decoding: output.value, as: UTF8.self),
            errors: String(decoding: errors.value, as: UTF8.self))
        if source.terminationStatus != 0 {
            result.errors += "\n\(producer[0]) failed: \(producerErrors)"
            if result.status == 0 { result.status = 1 }
        }
        return result
    }

    static func makeProcess(_ arguments: [String]) throws -> Process {
        guard let program = arguments.first, let path = find(program) else {
            throw DeployError(
                "\(arguments.first ?? "?") is not installed; install it (apt-get install openssh-client tar)")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = Array(arguments.dropFirst())
        return process
    }

    static func find(_ program: String) -> String? {
        if program.hasPrefix("/") { return program }
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return path.split(separator: ":").map { "\($0)/\(program)" }.first {
            FileManager.default.isExecutableFile(atPath: $0)
        }
    }
}

/// Bytes handed over from a reader thread.
final class Collected: @unchecked Sendable {
    private let lock = NSLock()
    private var data = Data()

    func set(_ value: Data) { lock.withLock { data = value } }
    var value: Data { lock.withLock { data } }
}

/// A deploy problem, said as it should be shown.
public struct DeployError: Error, CustomStringConvertible, Sendable {
    public var description: String
    public init(_ description: String) { self.description = description }
}
