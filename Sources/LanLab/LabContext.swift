// LabContext: what every lab command starts from — the inventory (checked), its real path,
// the lab's namespace prefix and its files — plus the checks every command needs (root, tools).

import Foundation
import LanState

#if canImport(Glibc)
    import Glibc
#endif

/// One inventory's lab, before anything is started.
public struct LabContext: Sendable {
    /// The inventory path as the user wrote it (for messages).
    public var path: String
    /// The inventory's absolute path with links resolved (names the lab's namespaces).
    public var realPath: String
    public var workspace: Workspace
    public var files: LabFiles
    /// `ls` + 6 hex digits; the lab's namespaces are `<prefix>-<node>`.
    public var prefix: String

    /// Loads and checks the inventory at `path`. Throws its problems as `Diagnostics`.
    public static func open(_ path: String) throws -> LabContext {
        let workspace = try Workspace.open(path)
        guard let resolved = realpath(path, nil) else {
            throw LabError("\(path): cannot resolve its real path: \(String(cString: strerror(errno)))")
        }
        defer { free(resolved) }
        let realPath = String(cString: resolved)
        return LabContext(
            path: path, realPath: realPath, workspace: workspace, files: LabFiles(state: workspace.state),
            prefix: LabLayout.prefix(forInventoryAt: realPath))
    }

    /// The running lab's record, or nil when none is recorded.
    public func record() throws -> LabRecord? { try LabRecord.read(from: files.record) }

    /// The recorded lab, or a LabError saying that none runs.
    public func runningRecord() throws -> LabRecord {
        guard let record = try record() else {
            let leftovers = ((try? Self.existingNamespaces()) ?? []).filter { $0.hasPrefix("\(prefix)-") }
            guard leftovers.isEmpty else {
                throw LabError(
                    "no lab of \(path) is recorded, but \(leftovers.count) of its namespaces are left from a crashed one; `lanstitch lab down \(path)` removes them"
                )
            }
            throw LabError("no lab of \(path) is running; start one with `lanstitch lab up \(path)`")
        }
        return record
    }

    /// Refuses to go on without root: namespaces, veths and TUN devices need CAP_NET_ADMIN.
    public static func requireRoot() throws {
        guard geteuid() == 0 else {
            throw LabError("lanstitch lab needs root (it creates network namespaces and TUN devices); run it with sudo")
        }
    }

    /// This lanstitch executable, for starting daemons with the same build.
    public static func executable() throws -> String {
        do {
            return try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")
        } catch {
            throw LabError("cannot find this lanstitch executable through /proc/self/exe: \(error)")
        }
    }

    /// The lab namespaces that exist now (`ip netns list`), this lab's or not.
    public static func existingNamespaces() throws -> [String] {
        try HostTool.check(["ip", "netns", "list"]).split(separator: "\n").compactMap {
            $0.split(separator: " ").first.map(String.init)
        }
    }
}
