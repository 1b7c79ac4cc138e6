// ClientRegistry: `lanstitch client add` and `client revoke` — issue a member's certificate,
// lease a stable address (the same one every time for the same name), render the profile; or
// revoke: record the serial, rewrite the CRL, retire the certificate, release an ad-hoc lease.
// Both run under the state folder's lock, so two at once never hand out one address twice.

import Foundation
import LanCrypto
import LanInventory
import LanPlan
import LanState
import LanValues

/// Adds and revokes clients.
public enum ClientRegistry {
    /// What `add` produced.
    public struct Added: Sendable {
        public var profile: String
        public var address: IPv4Address
        public var server: String
        public var adhoc: Bool
    }

    /// A problem with the command's arguments (not with a file), reported without a position.
    public struct Refusal: Error, CustomStringConvertible, Sendable {
        public var description: String
    }

    public static func add(_ name: String, server: String, workspace: Workspace, now: Int64) throws -> Added {
        let inventory = workspace.inventory
        let client = try PathName(name, .client)
        guard inventory.server(named: name) == nil else {
            throw Refusal(description: "'\(name)' is already the name of a server; pick another name for the client")
        }
        guard let home = inventory.server(named: server) else {
            let names = inventory.servers.map(\.name.value).joined(separator: ", ")
            throw Refusal(description: "unknown server '\(server)'; servers are: \(names)")
        }
        let listed = inventory.clients.first { $0.name.value == name }
        if let listed, listed.server.value != server {
            throw Refusal(
                description:
                    "client \(name) belongs to server \(listed.server.value) in the inventory (\(listed.server.location)); use --server \(listed.server.value) or change the inventory"
            )
        }
        return try workspace.state.withLock {
            let files = PKIFiles(state: workspace.state)
            let authority = try Authority.load(files)
            let planned = try workspace.planHoldingLock(adhoc: listed == nil ? [name: server] : [:])
            guard let lease = planned.book.leases[name] else {
                throw Refusal(description: "no address could be leased for \(name)")
            }
            _ = try PKIInitializer.ensureLeaf(client, authority: authority, now: now)
            let certificate = try Certificate(pem: try files.read(files.certificate(client)))
            let key = try PrivateKey(pem: try files.read(files.key(client)))
            let fallback = (listed?.fallback ?? []).compactMap { inventory.server(named: $0.value) }
            let profile = try Profile.render(
                client: name, address: lease.address, home: home, fallback: fallback, inventory: inventory,
                lanName: PKIInitializer.lanName(workspace), authority: authority, certificate: certificate, key: key)
            return Added(profile: profile, address: lease.address, server: server, adhoc: listed == nil)
        }
    }

    /// What `revoke` did.
    public struct Revoked: Sendable {
        public var serial: String
        /// True when the client is still listed in the inventory (it should be removed there).
        public var stillListed: Bool
    }

    /// Revokes client `name`. A name that is not a valid client name (`../ca`, `/etc/x`, `..`)
    /// throws a `NameError` before any file is opened.
    public static func revoke(_ name: String, workspace: Workspace, now: Int64) throws -> Revoked {
        let client = try PathName(name, .client)
        return try workspace.state.withLock {
            let files = PKIFiles(state: workspace.state)
            let authority = try Authority.load(files)
            let certificatePath = files.certificate(client)
            guard files.exists(certificatePath) else {
                let already = try files.readRevocations().contains { $0.name == name }
                throw Refusal(
                    description: already
                        ? "client \(name) is already revoked"
                        : "there is no client \(name) with a certificate in this LAN")
            }
            let certificate = try Certificate(pem: try files.read(certificatePath))
            let serial = certificate.serialHex
            var list = try files.readRevocations()
            list.append(RevokedCertificate(name: name, serial: serial, revokedAt: now))
            try files.writeRevocations(list)
            let crl = try authority.crlPEM(
                revoked: list.map { Revocation(serialHex: $0.serial, revokedAt: $0.revokedAt) }, now: now)
            try files.replace(files.crl, crl)
            try files.move(certificatePath, to: files.retired(client, serial: serial))
            try? FileManager.default.removeItem(atPath: files.key(client))
            var book = try workspace.state.readAddressBook()
            if book.leases[name]?.adhoc == true {
                book.leases[name] = nil
                try workspace.state.writeAddressBook(book)
            }
            let listed = workspace.inventory.clients.contains { $0.name.value == name }
            return Revoked(serial: serial, stillListed: listed)
        }
    }
}
