// NetworkNamespace: runs a test body inside a fresh, named network namespace, so kernel tests
// never create devices, addresses, routes or traffic in the host's namespace.
//
// Why this way: a network namespace is a property of a thread, not of a process. The helper
// creates a named namespace with `ip netns add` (so `ip -n NAME …` can inspect it and
// `ip netns list` shows any leak), then starts a new dedicated thread that enters it with
// setns(2), checks that it really is inside (the inode of /proc/thread-self/ns/net must equal
// the namespace file's), and only then runs the body. The thread ends with the body, so no
// pooled thread is ever left in the namespace; descriptors opened there keep pointing into it.
// unshare(2) alone would leave an unnamed namespace nothing could inspect; `ip netns exec` would
// run a child process, not our Swift code. The namespace is deleted on every exit path.

import CLinuxShim
import Foundation
import Glibc

/// A named network namespace created by `withFreshNetworkNamespace`.
public struct NetworkNamespace: Sendable {
    /// The name under /run/netns.
    public let name: String

    /// Runs `ip -n NAME arguments…` and returns its standard output; throws if it fails.
    public func ip(_ arguments: [String]) throws -> String {
        try HostCommand.run(HostCommand.ipPath, ["-n", name] + arguments)
    }
}

/// Creates namespace `name` (letters, digits, `-`, `_`; make it unique, e.g. prefix + PID), runs
/// `body` on a dedicated thread inside it, deletes the namespace, and returns the body's result.
/// Needs root (CAP_SYS_ADMIN and CAP_NET_ADMIN) and iproute2. Assertions belong after the
/// call: `body` runs outside the caller's task.
public func withFreshNetworkNamespace<Result: Sendable>(
    name: String, body: @escaping @Sendable (NetworkNamespace) throws -> Result
) async throws -> Result {
    guard !name.isEmpty, name.count <= 64,
        name.utf8.allSatisfy({ isalnum(Int32($0)) != 0 || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "_") })
    else { throw SystemError(call: "withFreshNetworkNamespace(\(name))", code: EINVAL) }
    _ = try HostCommand.run(HostCommand.ipPath, ["netns", "add", name])
    let namespace = NetworkNamespace(name: name)
    let outcome: Swift.Result<Result, any Error> = await withCheckedContinuation { continuation in
        let thread = Thread {
            continuation.resume(returning: Swift.Result { try enterAndRun(namespace, body) })
        }
        thread.stackSize = 8 << 20
        thread.start()
    }
    _ = try HostCommand.run(HostCommand.ipPath, ["netns", "delete", name])
    return try outcome.get()
}

/// On the dedicated thread: enter the namespace, prove it, run the body.
private func enterAndRun<Result>(
    _ namespace: NetworkNamespace, _ body: (NetworkNamespace) throws -> Result
) throws -> Result {
    let path = "/run/netns/\(namespace.name)"
    let file = FileDescriptor(owning: try Syscall.run("open(\(path))") { open(path, O_RDONLY | O_CLOEXEC) })
    defer { try? file.close() }
    let raw = try file.raw(for: "setns")
    _ = try Syscall.run("setns") { lanstitch_setns(raw, lanstitch_clone_newnet()) }
    var wanted = stat()
    var current = stat()
    _ = try Syscall.run("fstat(\(path))") { fstat(raw, &wanted) }
    _ = try Syscall.run("stat(/proc/thread-self/ns/net)") { stat("/proc/thread-self/ns/net", &current) }
    guard wanted.st_ino == current.st_ino, wanted.st_dev == current.st_dev else {
        throw SystemError(call: "setns(\(path)) left the thread elsewhere", code: EINVAL)
    }
    return try body(namespace)
}

/// A failed host command (`ip …`): what ran, how it ended, what it said.
public struct HostCommandError: Error, CustomStringConvertible {
    public var command: [String]
    public var status: Int32
    public var standardError: String
    public var description: String {
        "\(command.joined(separator: " ")) exited with \(status): \(standardError)"
    }
}

/// Runs a host tool and collects its output (tests and the namespace helper only).
enum HostCommand {
    /// iproute2's `ip`.
    static let ipPath = FileManager.default.isExecutableFile(atPath: "/usr/sbin/ip") ? "/usr/sbin/ip" : "/sbin/ip"

    static func run(_ executable: String, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let outputData = output.fileHandleForReading.readDataToEndOfFile()
        let errorData = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw HostCommandError(
                command: [executable] + arguments, status: process.terminationStatus,
                standardError: String(decoding: errorData, as: UTF8.self))
        }
        return String(decoding: outputData, as: UTF8.self)
    }
}
