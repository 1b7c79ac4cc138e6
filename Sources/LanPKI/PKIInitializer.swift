// PKIInitializer: `lanstitch init` — makes whatever the LAN's PKI lacks and nothing else:
// the CA, tls-crypt key and CRL on first run; a certificate and key per server (serverAuth +
// clientAuth) and per inventory client (clientAuth); leases for every client. A second run
// changes no file. Clients that were revoked are not silently re-issued.

import Foundation
import LanCrypto
import LanInventory
import LanState
import LanValues

/// Initializes and completes a LAN's PKI.
public enum PKIInitializer {
    /// What `ensure` did.
    public struct Report: Sendable {
        /// Paths of files written, relative to the state folder.
        public var created: [String] = []
        /// Inventory clients left without a certificate because they were revoked.
        public var revokedSkipped: [String] = []
    }

    /// Creates the missing parts of the PKI for `workspace` at time `now` (Unix seconds).
    public static func ensure(_ workspace: Workspace, now: Int64) throws -> Report {
        try workspace.state.withLock {
            let planned = try workspace.planHoldingLock()
            let files = PKIFiles(state: workspace.state)
            var report = Report()
            let authority: Authority
            if files.exists(files.caCertificate) || files.exists(files.caKey) {
                authority = try Authority.load(files)
            } else {
                authority = try Authority.create(files, lanName: lanName(workspace), now: now)
                report.created += ["pki/ca.crt", "pki/ca.key", "pki/tls-crypt.key", "pki/crl.pem"]
            }
            for server in planned.plan.servers {
                if try ensureLeaf(try PathName(server.name, .server), authority: authority, now: now) {
                    report.created += ["pki/servers/\(server.name).crt", "pki/servers/\(server.name).key"]
                }
            }
            let revoked = Set(try files.readRevocations().map(\.name))
            for client in workspace.inventory.clients.map(\.name.value) {
                let name = try PathName(client, .client)
                if revoked.contains(client), !files.exists(files.certificate(name)) {
                    report.revokedSkipped.append(client)
                    continue
                }
                if try ensureLeaf(name, authority: authority, now: now) {
                    report.created += ["pki/clients/\(client).crt", "pki/clients/\(client).key"]
                }
            }
            return report
        }
    }

    /// The name a LAN's CA carries: the inventory file's name without its extension.
    static func lanName(_ workspace: Workspace) -> String {
        ((workspace.inventory.file as NSString).lastPathComponent as NSString).deletingPathExtension
    }

    /// Issues a certificate for `name` unless it has one. Returns true when it issued one.
    /// A certificate without its key (or the reverse), or a pair that does not match, is damage.
    static func ensureLeaf(_ name: PathName, authority: Authority, now: Int64) throws -> Bool {
        let files = authority.files
        let certificatePath = files.certificate(name)
        let keyPath = files.key(name)
        switch (files.exists(certificatePath), files.exists(keyPath)) {
        case (true, true):
            let certificate = try Certificate(pem: try files.read(certificatePath))
            guard certificate.matches(try PrivateKey(pem: try files.read(keyPath))) else {
                throw files.damaged(keyPath, "this key does not belong to \(certificatePath)")
            }
            return false
        case (true, false), (false, true):
            throw files.damaged(files.exists(keyPath) ? certificatePath : keyPath, "is missing while its pair exists")
        case (false, false):
            let issued = try authority.issue(name.text, role: name.kind == .server ? .server : .client, now: now)
            try files.create(keyPath, try issued.key.pem(), secret: true)
            try files.create(certificatePath, try issued.certificate.pem(), secret: false)
            return true
        }
    }
}
