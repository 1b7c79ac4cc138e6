// LabFiles: where a lab keeps its files, under the inventory's state folder:
//   <inventory>.state/lab/lab.json            what is running (LabRecord)
//   <inventory>.state/lab/servers/NAME/       each server's bundle (server.yaml, certificates)
//   <inventory>.state/lab/clients/NAME.ovpn   each client's profile
//   <inventory>.state/lab/logs/NODE.log       each daemon's or client's output
//   <inventory>.state/lab/.lock               held by `lab up`, `down`, `stop` and `start` while they run

import Foundation
import LanState
import LanValues

#if canImport(Glibc)
    import Glibc
#endif

/// Paths of one lab's files.
public struct LabFiles: Sendable {
    /// The lab folder.
    public let folder: String

    public init(state: StateFolder) { folder = (state.path as NSString).appendingPathComponent("lab") }

    public var record: String { path("lab.json") }
    /// Held (flock) by `lab up`, `down`, `stop` and `start` while they run, so two never work on one lab.
    public var lock: String { path(".lock") }
    /// Names enter these paths only as checked `PathName`s (a lab record is a file too).
    public func bundle(_ server: PathName) -> String { path("servers/\(server.text)") }
    public func serverConfig(_ server: PathName) -> String { path("servers/\(server.text)/server.yaml") }
    public func profile(_ client: PathName) -> String { path("clients/\(client.text).ovpn") }
    public var logs: String { path("logs") }
    public func log(_ node: PathName) -> String { path("logs/\(node.text).log") }

    private func path(_ relative: String) -> String { (folder as NSString).appendingPathComponent(relative) }

    /// Creates the lab folder and its subfolders (0700: bundles and profiles hold keys).
    public func create() throws {
        for sub in ["", "servers", "clients", "logs"] {
            try FileManager.default.createDirectory(
                atPath: path(sub), withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        }
    }
}

extension LabFiles {
    /// Writes `text` to `path` atomically, readable by root only (profiles hold private keys).
    public static func writeSecret(_ text: String, to path: String) throws {
        try AtomicFile.write(Data(text.utf8), to: path, mode: 0o600)
    }
}

extension LabFiles {
    /// Runs `body` holding the lab's lock; refuses at once when another command holds it.
    public func withLock<T>(_ body: () throws -> T) throws -> T {
        try create()
        let fd = open(lock, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw LabError("\(lock): cannot open: \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        while flock(fd, LOCK_EX | LOCK_NB) != 0 {
            guard errno == EINTR else {
                throw LabError(
                    "another `lanstitch lab up`, `down`, `stop` or `start` of this inventory is running; wait for it")
            }
        }
        defer { flock(fd, LOCK_UN) }
        return try body()
    }
}
