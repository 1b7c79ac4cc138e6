// ServerBundle: `lanstitch bundle INVENTORY --server S --out DIR` — everything server S needs,
// in one folder: server.yaml (ServerConfig), ca.crt, server.crt, server.key (0600),
// tls-crypt.key (0600), crl.pem, lanstitch.service (systemd) and 99-lanstitch.conf (sysctl).
// Rendering is pure (`files`); `write` puts the files in place atomically.

import Foundation
import LanBundle
import LanCrypto
import LanInventory
import LanPlan
import LanState
import LanTemplates
import LanValues
import Yams

/// Builds a server's bundle.
public enum ServerBundle {
    /// Where deploy installs releases; the unit's paths point there.
    public static let defaultInstallDir = "/opt/lanstitch"

    /// One file of a bundle.
    public struct File: Equatable, Sendable {
        public var name: String
        public var text: String
        public var secret: Bool
    }

    /// The relay settings of `broadcast_relay: true`, the same for every server of the LAN.
    static func broadcast(_ inventory: Inventory, plan: LanPlan) -> ServerConfig.Broadcast {
        let settings = inventory.broadcast
        return ServerConfig.Broadcast(
            groups: settings.groups.map(\.description), rate: settings.rate, burst: settings.burst,
            pool_broadcasts: plan.servers.flatMap(\.pools).map(\.last.description).sorted(),
            sites: settings.sites ? true : nil)
    }

    /// The bundle of `server` as files, from a plan made by `Workspace.plan`. Requires `init`.
    public static func files(_ server: String, workspace: Workspace, plan: LanPlan, book: AddressBook) throws -> [File]
    {
        try files(server, workspace: workspace, plan: plan, book: book, installDir: defaultInstallDir)
    }

    /// The bundle of `server` for a host that installs releases under `installDir` (deploy's
    /// `install_dir:`; the systemd unit's paths point there).
    public static func files(
        _ server: String, workspace: Workspace, plan: LanPlan, book: AddressBook, installDir: String
    ) throws -> [File] {
        let inventory = workspace.inventory
        guard let serverPlan = plan.server(named: server), let entry = inventory.server(named: server) else {
            throw ClientRegistry.Refusal(
                description:
                    "unknown server '\(server)'; servers are: \(inventory.servers.map(\.name.value).joined(separator: ", "))"
            )
        }
        let name = try PathName(server, .server)
        let pki = PKIFiles(state: workspace.state)
        let authority = try Authority.load(pki)
        guard pki.exists(pki.certificate(name)) else {
            throw Diagnostics([
                Diagnostic(
                    SourceLocation(file: pki.certificate(name), line: 0, column: 0),
                    "server \(server) has no certificate yet; run `lanstitch init \(inventory.file)`")
            ])
        }
        let protocols = inventory.protocols(of: entry)
        let lan = PKIInitializer.lanName(workspace)
        let config = ServerConfig(
            schema: ServerConfig.schema, lan: lan, server: server, network: inventory.network.value.description,
            listen: .init(
                udp: protocols.contains(.udp) ? inventory.port(of: entry) : nil,
                tcp: protocols.contains(.tcp) ? inventory.tcpPort(of: entry) : nil),
            ciphers: inventory.defaults.ciphers.map(\.rawValue), files: .init(), plan: PlanJSON.server(serverPlan),
            leases: book.leases.sorted { $0.key < $1.key }.map { lease in
                let fallback = inventory.clients.first { $0.name.value == lease.key }?.fallback.map(\.value) ?? []
                return .init(
                    name: lease.key, server: lease.value.server, address: lease.value.address.description,
                    fallback: fallback.isEmpty ? nil : fallback)
            },
            masquerade: entry.masquerade.isEmpty ? nil : entry.masquerade.map(\.value.description),
            broadcast: inventory.broadcastRelay ? broadcast(inventory, plan: plan) : nil,
            keepalive: .init(
                link_ping: inventory.keepalive.linkPing, link_timeout: inventory.keepalive.linkTimeout,
                client_ping: inventory.keepalive.clientPing, client_timeout: inventory.keepalive.clientTimeout),
            lan_graph: LanGraph(plan), expose: entry.expose.isEmpty ? nil : entry.expose.map(\.value.description))
        let yaml =
            "# lanstitch server configuration for \(server) (LAN \(lan)), written by `lanstitch bundle`.\n"
            + "# Do not edit by hand: change the inventory and bundle again.\n" + (try YAMLEncoder().encode(config))
        let values: [String: Any] = [
            "server": server, "lan": lan, "installDir": installDir, "port": inventory.port(of: entry),
        ]
        return [
            File(name: "server.yaml", text: yaml, secret: false),
            File(name: "ca.crt", text: try pki.read(pki.caCertificate), secret: false),
            File(name: "server.crt", text: try pki.read(pki.certificate(name)), secret: false),
            File(name: "server.key", text: try pki.read(pki.key(name)), secret: true),
            File(name: "tls-crypt.key", text: authority.tlsCrypt.text, secret: true),
            File(name: "crl.pem", text: try pki.read(pki.crl), secret: false),
            File(name: "servers.crt", text: try serverCertificates(plan, pki: pki), secret: false),
            File(name: "lanstitch.service", text: try Templates.render("lanstitch.service", values), secret: false),
            File(name: "99-lanstitch.conf", text: try Templates.render("sysctl.conf", values), secret: false),
        ]
    }

    /// Every planned server's certificate that exists, concatenated (PEM), for checking the
    /// link-state advertisements they sign.
    static func serverCertificates(_ plan: LanPlan, pki: PKIFiles) throws -> String {
        var text = ""
        for server in plan.servers {
            let name = try PathName(server.name, .server)
            guard pki.exists(pki.certificate(name)) else { continue }
            text += try pki.read(pki.certificate(name))
            if !text.hasSuffix("\n") { text += "\n" }
        }
        return text
    }

    /// Renders one server's files from a plan (`files` for a bundle, `OpenVPNExport.files` for an export).
    public typealias Renderer = (String, Workspace, LanPlan, AddressBook) throws -> [File]

    /// Plans (recording new leases), renders `server`'s files with `render` and writes them into
    /// `folder`: what `lanstitch bundle` and `lanstitch export openvpn` do, and `lanstitch lab up`
    /// for every server. Returns the files written.
    @discardableResult
    public static func write(
        _ server: String, workspace: Workspace, to folder: String, render: Renderer = files
    ) throws -> [File] {
        let planned = try workspace.plan()
        let rendered = try render(server, workspace, planned.plan, planned.book)
        try write(rendered, to: folder)
        return rendered
    }

    /// Writes `files` into `folder` (created 0700 if missing), each atomically.
    public static func write(_ files: [File], to folder: String) throws {
        try FileManager.default.createDirectory(
            atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        for file in files {
            let path = (folder as NSString).appendingPathComponent(file.name)
            try FileManager.default.createDirectory(
                atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try AtomicFile.write(Data(file.text.utf8), to: path, mode: file.secret ? 0o600 : 0o644)
        }
    }
}
