// DaemonConfiguration: what `lanstitch server --config DIR/server.yaml` runs with, loaded and
// checked before anything touches the network — the bundle's server.yaml decoded into typed
// ServerSettings (LanBundle), the CA, certificate, key, CRL and tls-crypt key beside it, and
// the forwarding table. Every problem is reported with the file (and entry) it is in; nothing
// half-loaded is ever used.

import Foundation
import LanBundle
import LanCrypto
import LanDataPlane
import LanForwarding
import LanPlan
import LanValues
import Yams

/// A loaded, checked daemon configuration.
public struct DaemonConfiguration: Sendable {
    public let folder: String
    /// The server.yaml it was loaded from (SIGHUP loads it again).
    public let path: String
    public let settings: ServerSettings
    public let authority: Certificate
    public let certificate: Certificate
    public let key: PrivateKey
    public let crlPEM: String
    public let tlsCrypt: StaticKey
    public let tunnelAddress: IPv4Address
    /// The plan's internal routes as a longest-prefix-match table (unreachable ones left out).
    public let routes: RouteTable<ForwardingTarget>
    /// Every client's LAN address by certificate name, so any server can accept a roaming client.
    public let leases: [String: IPv4Address]
    /// The LAN's server certificates by server name, each checked against the CA at load (to
    /// verify signed link-state advertisements); nil for a bundle without them.
    public let serverCertificates: [String: Certificate]?

    /// Keepalive seconds on links and for members (the defaults for older bundles).
    public var keepalive: ServerConfig.Keepalive { settings.keepalive }
    /// This server's plan, typed.
    public var plan: ServerPlan { settings.plan }

    /// Loads `path` (a bundle's server.yaml) and the files it names, relative to its folder.
    public static func load(_ path: String) throws -> DaemonConfiguration {
        let folder =
            (path as NSString).deletingLastPathComponent.isEmpty ? "." : (path as NSString).deletingLastPathComponent
        let config = try decode(path)
        let settings = try ServerSettings(config, path: path)
        func file(_ name: String) -> String { (folder as NSString).appendingPathComponent(name) }
        func text(_ name: String) throws -> String {
            guard let data = FileManager.default.contents(atPath: file(name)),
                let text = String(data: data, encoding: .utf8)
            else {
                throw problem(file(name), "cannot be read; the bundle is incomplete — run `lanstitch bundle` again")
            }
            return text
        }
        func parsed<T>(_ name: String, _ what: String, _ make: (String) throws -> T) throws -> T {
            let body = try text(name)
            do { return try make(body) } catch { throw problem(file(name), "is not a valid \(what) (\(error))") }
        }
        let authority = try parsed(config.files.ca, "CA certificate", Certificate.init(pem:))
        let certificate = try parsed(config.files.certificate, "certificate", Certificate.init(pem:))
        let key = try parsed(config.files.key, "private key", PrivateKey.init(pem:))
        guard certificate.matches(key) else {
            throw problem(file(config.files.key), "does not belong to \(config.files.certificate)")
        }
        let tlsCrypt = try parsed(config.files.tls_crypt, "tls-crypt key", StaticKey.init(text:))
        let crl = try text(config.files.crl)
        let servers = try config.files.servers.map { name in
            try serverCertificates(text(name), file: file(name), authority: authority)
        }
        return DaemonConfiguration(
            folder: folder, path: path, settings: settings, authority: authority, certificate: certificate, key: key,
            crlPEM: crl, tlsCrypt: tlsCrypt, tunnelAddress: settings.plan.tunnelAddress,
            routes: routes(settings.plan), leases: settings.leases, serverCertificates: servers)
    }

    static func decode(_ path: String) throws -> ServerConfig {
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8)
        else {
            throw problem(
                path,
                FileManager.default.fileExists(atPath: path)
                    ? "cannot be read"
                    : "does not exist; make one with `lanstitch bundle INVENTORY --server S --out DIR`")
        }
        let config: ServerConfig
        do {
            config = try YAMLDecoder().decode(ServerConfig.self, from: text)
        } catch {
            throw problem(path, "is not a lanstitch server configuration (\(error)); make it with `lanstitch bundle`")
        }
        guard config.schema == ServerConfig.schema else {
            throw problem(
                path,
                "has schema '\(config.schema)', this lanstitch reads '\(ServerConfig.schema)'; bundle it again with this version"
            )
        }
        return config
    }

    /// The server certificates in `text` (PEM blocks) by server name; each must be issued by
    /// `authority` to `lanstitch-server-NAME`.
    static func serverCertificates(_ text: String, file: String, authority: Certificate) throws -> [String: Certificate]
    {
        var found: [String: Certificate] = [:]
        let end = "-----END CERTIFICATE-----"
        for block in text.components(separatedBy: end) where block.contains("-----BEGIN CERTIFICATE-----") {
            let certificate: Certificate
            do { certificate = try Certificate(pem: block + end + "\n") } catch {
                throw problem(file, "holds a block that is not a certificate (\(error)); run `lanstitch bundle` again")
            }
            let now = Int64(Date().timeIntervalSince1970)
            guard certificate.commonName.hasPrefix(CertificateName.serverPrefix),
                try ChainVerifier.problem(with: certificate, authority: authority, crlPEM: nil, now: now) == nil
            else {
                throw problem(
                    file, "holds \(certificate.commonName), which is not a server certificate of this LAN's CA")
            }
            found[String(certificate.commonName.dropFirst(CertificateName.serverPrefix.count))] = certificate
        }
        return found
    }

    /// The plan's internal routes as a longest-prefix-match table (unreachable ones left out).
    static func routes(_ plan: ServerPlan) -> RouteTable<ForwardingTarget> {
        var table = RouteTable<ForwardingTarget>()
        for route in plan.internalRoutes {
            switch route.via {
            case .clients: table.insert(route.prefix, .clients)
            case .site: table.insert(route.prefix, .site)
            case .link(let peer): table.insert(route.prefix, .link(peer))
            case .unreachable: continue
            }
        }
        return table
    }

    static func problem(_ path: String, _ message: String) -> Diagnostics {
        Diagnostics([Diagnostic(SourceLocation(file: path, line: 0, column: 0), message)])
    }
}
