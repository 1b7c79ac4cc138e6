// ExampleLAN: a copy of one of the repository's example inventories (inventory/NAME.yaml) in a
// fresh temporary folder, with its PKI initialized — the starting point of tests that need
// real certificates, bundles or profiles. Remove it when done.

import Foundation
import LanPKI
import LanState

/// An initialized example LAN in a temporary folder.
public struct ExampleLAN {
    /// The repository root, found from this file's path.
    public static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    public let folder: String
    public let workspace: Workspace

    /// Copies `inventory/NAME.yaml` and runs `init` at the fixed time `now` (Unix seconds).
    public init(_ name: String = "gaming", now: Int64 = 1_795_000_000) throws {
        folder = NSTemporaryDirectory() + "lanstitch-\(name)-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let source = Self.repositoryRoot.appendingPathComponent("inventory/\(name).yaml").path
        try FileManager.default.copyItem(atPath: source, toPath: "\(folder)/\(name).yaml")
        workspace = try Workspace.open("\(folder)/\(name).yaml")
        _ = try PKIInitializer.ensure(workspace, now: now)
    }

    /// Writes `text` as `NAME.yaml` (an inventory of the test's own) and runs `init` at `now`.
    public init(name: String, text: String, now: Int64 = 1_795_000_000) throws {
        folder = NSTemporaryDirectory() + "lanstitch-\(name)-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try text.write(toFile: "\(folder)/\(name).yaml", atomically: true, encoding: .utf8)
        workspace = try Workspace.open("\(folder)/\(name).yaml")
        _ = try PKIInitializer.ensure(workspace, now: now)
    }

    /// Deletes the folder.
    public func remove() { try? FileManager.default.removeItem(atPath: folder) }
}
