// LinuxUnixListener: a listening, non-blocking Unix domain stream socket at a path, readable
// and writable by root only (mode 0600) — the daemon's control socket. Accepted connections are
// `LinuxTCPStream`s (the same non-blocking read and write; no TCP options).

import CLinuxShim
import Glibc

/// A listening Unix stream socket bound to `path`.
///
/// - The folder is created (mode 0700) when missing. A socket file already at `path` that
///   nobody answers is a leftover of a stopped server and is replaced; one that answers is
///   another live server's and makes `init` throw `EADDRINUSE`. Anything else at `path` — a
///   regular file, a folder, a symbolic link (even to a socket) — is never removed: `init`
///   throws `ENOTSOCK` and leaves it as it is.
/// - The socket file gets mode 0600 before `listen`, so only root can connect.
/// - `accept()` never blocks: register `descriptor` with a `Poller` for `.readable`.
/// - `close()` closes the socket and removes the file. Thread-safety: none.
public final class LinuxUnixListener {
    public let descriptor: FileDescriptor
    public let path: String

    public init(path: String, backlog: Int32 = 16) throws(SystemError) {
        self.path = path
        let folder = path.split(separator: "/", omittingEmptySubsequences: false).dropLast().joined(separator: "/")
        if !folder.isEmpty, access(folder, F_OK) != 0 { _ = mkdir(folder, 0o700) }
        switch try PathKind.at(path, followingLinks: false) {
        case .missing: break
        case .socket:
            if Self.answers(path) { throw SystemError(call: "bind(\(path))", code: EADDRINUSE) }
            _ = try Syscall.run("unlink(\(path))") { unlink(path) }
        case .regularFile, .directory, .symbolicLink, .other:
            throw SystemError(call: "bind(\(path))", code: ENOTSOCK)
        }
        let type = Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue)
        let raw = try Syscall.run("socket(AF_UNIX)") { socket(AF_UNIX, type, 0) }
        descriptor = FileDescriptor(owning: raw)
        _ = try UnixSocketAddress.with(path, call: "bind(\(path))") { (address, length) throws(SystemError) in
            try Syscall.run("bind(\(path))") { Glibc.bind(raw, address, length) }
        }
        _ = try Syscall.run("chmod(\(path))") { chmod(path, 0o600) }
        _ = try Syscall.run("listen") { listen(raw, backlog) }
    }

    /// True when something accepts connections at `path`.
    static func answers(_ path: String) -> Bool {
        let raw = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard raw >= 0 else { return false }
        defer { _ = Glibc.close(raw) }
        let result = try? UnixSocketAddress.with(path, call: "connect") { connect(raw, $0, $1) }
        return result == 0
    }

    /// The next waiting connection, non-blocking; nil when none is waiting.
    public func accept() throws(SystemError) -> LinuxTCPStream? {
        let raw = try descriptor.raw(for: "accept")
        guard let accepted = try Syscall.runUnlessWouldBlock("accept", { Glibc.accept(raw, nil, nil) }) else {
            return nil
        }
        return try LinuxTCPStream(owning: accepted, noDelay: false)
    }

    /// Closes the socket and removes its file (only if a socket is still what is there).
    /// Idempotent.
    public func close() throws(SystemError) {
        guard descriptor.isOpen else { return }
        if (try? PathKind.at(path, followingLinks: false)) == .socket { _ = unlink(path) }
        try descriptor.close()
    }
}
