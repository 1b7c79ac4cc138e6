// HostTool: runs the host programs the lab drives (`ip`, `ping`) and collects what they said.
// Programs are looked up on PATH and in the sbin folders (root's tools live there).

import Foundation

/// How a host program ended and what it printed.
public struct ToolResult: Sendable {
    public var status: Int32
    public var output: String
    public var errors: String
}

/// Runs host programs.
public enum HostTool {
    /// The full path of `program`, or nil when it is not installed.
    public static func find(_ program: String) -> String? {
        if program.hasPrefix("/") { return FileManager.default.isExecutableFile(atPath: program) ? program : nil }
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        let folders = path.split(separator: ":").map(String.init) + ["/usr/sbin", "/sbin", "/usr/bin", "/bin"]
        return folders.map { "\($0)/\(program)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// The full path of `program`; a LabError saying how to install it when it is missing.
    public static func require(_ program: String, package: String) throws -> String {
        guard let path = find(program) else {
            throw LabError("\(program) is not installed: run scripts/setup (or apt-get install \(package))")
        }
        return path
    }

    /// Runs `arguments` (the first is the program's name) and waits for it to end.
    public static func run(_ arguments: [String]) throws -> ToolResult {
        guard let program = arguments.first, let path = find(program) else {
            throw LabError("\(arguments.first ?? "?") is not installed: run scripts/setup")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = Array(arguments.dropFirst())
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = FileHandle.nullDevice
        try process.run()
        // stderr is read on another thread so a chatty program cannot fill one pipe and stall.
        let errorText = ErrorCollector(errors.fileHandleForReading)
        let outputData = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return ToolResult(
            status: process.terminationStatus, output: String(decoding: outputData, as: UTF8.self),
            errors: errorText.wait())
    }

    /// Runs `arguments`; a non-zero exit becomes a LabError quoting the command and its errors.
    @discardableResult
    public static func check(_ arguments: [String]) throws -> String {
        let result = try run(arguments)
        guard result.status == 0 else {
            let said = result.errors.trimmingCharacters(in: .whitespacesAndNewlines)
            throw LabError("`\(arguments.joined(separator: " "))` failed (exit \(result.status)): \(said)")
        }
        return result.output
    }
}

/// Reads a pipe to its end on a thread of its own.
private final class ErrorCollector: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    private var data = Data()

    init(_ handle: FileHandle) {
        Thread.detachNewThread { [self] in
            data = handle.readDataToEndOfFile()
            done.signal()
        }
    }

    func wait() -> String {
        done.wait()
        return String(decoding: data, as: UTF8.self)
    }
}
