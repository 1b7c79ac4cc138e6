// DeployTarget: one server of the inventory as `lanstitch deploy` reaches it — its `ssh:`
// address, the key it logs in with and the folder it installs into. Built from the inventory
// with a diagnostic at the server's place for every server deploy cannot reach.

import Foundation
import LanInventory
import LanValues

/// Where and how one server is deployed.
public struct DeployTarget: Sendable, Equatable {
    public static let defaultInstallDir = "/opt/lanstitch"

    public var server: String
    public var ssh: SSHAddress
    /// The private key (absolute path), or nil to let ssh choose (its agent, ~/.ssh/id_*).
    public var key: String?
    public var installDir: String

    public init(server: String, ssh: SSHAddress, key: String? = nil, installDir: String = defaultInstallDir) {
        self.server = server
        self.ssh = ssh
        self.key = key
        self.installDir = installDir
    }

    /// The servers to deploy, in inventory order: all of them, or those named in `only`.
    /// Throws every problem at once: an unknown `--only` name, a server without `ssh:`, an
    /// `ssh_key:` file that does not exist.
    public static func targets(_ inventory: Inventory, only: [String]) throws -> [DeployTarget] {
        var problems: [Diagnostic] = []
        let names = Set(inventory.servers.map(\.name.value))
        for name in only where !names.contains(name) {
            problems.append(
                Diagnostic(
                    SourceLocation(file: inventory.file, line: 0, column: 0),
                    "--only \(name): no such server; servers are: \(inventory.servers.map(\.name.value).joined(separator: ", "))"
                ))
        }
        let folder = (inventory.file as NSString).deletingLastPathComponent
        var targets: [DeployTarget] = []
        for server in inventory.servers where only.isEmpty || only.contains(server.name.value) {
            guard let ssh = inventory.sshAddress(of: server) else {
                problems.append(
                    Diagnostic(
                        server.location,
                        "server \(server.name.value) has no 'ssh:'; add one such as `ssh: root@\(server.endpoint?.value.host ?? "HOST")`, or name the servers to deploy with --only NAME"
                    ))
                continue
            }
            var key: String?
            if let written = server.sshKey {
                let path = absolute(written.value, in: folder)
                if !FileManager.default.isReadableFile(atPath: path) {
                    problems.append(
                        Diagnostic(
                            written.location,
                            "ssh_key of server \(server.name.value): cannot read \(path); make a key with `ssh-keygen -t ed25519 -f \(written.value)` and put its .pub into the host's ~/.ssh/authorized_keys"
                        ))
                }
                key = path
            }
            targets.append(
                DeployTarget(
                    server: server.name.value, ssh: ssh, key: key,
                    installDir: server.installDir?.value ?? defaultInstallDir))
        }
        if !problems.isEmpty { throw Diagnostics(problems) }
        return targets
    }

    /// `path` as an absolute path, relative ones taken from `folder` (the inventory's folder).
    static func absolute(_ path: String, in folder: String) -> String {
        if path.hasPrefix("/") { return path }
        let expanded = (path as NSString).expandingTildeInPath
        if expanded.hasPrefix("/") { return expanded }
        let base = folder.isEmpty ? FileManager.default.currentDirectoryPath : folder
        return URL(fileURLWithPath: expanded, relativeTo: URL(fileURLWithPath: base, isDirectory: true))
            .standardizedFileURL.path
    }
}
