// ServerSettings: server.yaml (ServerConfig) decoded once into typed values: the plan as a
// ServerPlan (prefixes, routes by `Via`, dials with transports), the network, leases,
// masqueraded sites and the broadcast relay's groups as addresses. A bad entry is an error
// naming the file and the entry; nothing is dropped, so the daemon never runs a partial plan.

import LanPlan
import LanValues

/// A server's configuration with every value typed.
public struct ServerSettings: Sendable, Equatable {
    /// The broadcast relay's settings (ServerConfig.Broadcast), typed.
    public struct Broadcast: Sendable, Equatable {
        public var groups: Set<IPv4Address>
        public var rate: Int
        public var burst: Int
        /// Every pool's broadcast address of the LAN.
        public var poolBroadcasts: Set<IPv4Address>
        /// Deliver broadcasts into this server's site LANs too.
        public var sites: Bool
    }

    /// The server's name (its certificate is lanstitch-server-NAME).
    public var server: String
    public var lan: String
    public var network: IPv4Prefix
    public var listen: ServerConfig.Listen
    /// Data-channel cipher names in preference order, as OpenVPN names them.
    public var ciphers: [String]
    public var files: ServerConfig.Files
    public var plan: ServerPlan
    /// Every client's LAN address by certificate name, so any server can accept a roaming client.
    public var leases: [String: IPv4Address]
    /// The servers each member's address may be connected to: its home and its fallbacks (what
    /// a server may claim in its link-state advertisements).
    public var memberServers: [IPv4Address: Set<String>]
    /// Site subnets whose traffic from the tunnel the server masquerades.
    public var masquerade: [IPv4Prefix]
    /// Ports of the host members may reach through the tunnel (HostGuard).
    public var expose: [ExposedPort]
    public var broadcast: Broadcast?
    public var keepalive: ServerConfig.Keepalive
    /// Every server's prefixes and every planned link (nil in older bundles: no re-planning).
    public var lanGraph: LanGraph?

    /// Decodes `config`, read from `path`; a bad value throws `Diagnostics` at `path` naming
    /// the entry (e.g. `plan.pools[1]`).
    public init(_ config: ServerConfig, path: String) throws {
        func problem(_ entry: String, _ message: String) -> Diagnostics {
            Diagnostics([
                Diagnostic(
                    SourceLocation(file: path, line: 0, column: 0),
                    "\(entry): \(message); bundle it again with `lanstitch bundle`")
            ])
        }
        func prefix(_ text: String, _ entry: String) throws -> IPv4Prefix {
            switch IPv4Prefix.parse(text) {
            case .success(let prefix): return prefix
            case .failure(let error): throw problem(entry, error.message)
            }
        }
        func addresses(_ texts: [String], _ key: String) throws -> Set<IPv4Address> {
            var result: Set<IPv4Address> = []
            for (index, text) in texts.enumerated() {
                guard let address = IPv4Address(text) else {
                    throw problem("\(key)[\(index)]", "'\(text)' is not an IPv4 address")
                }
                result.insert(address)
            }
            return result
        }
        do {
            // The default control socket is /run/lanstitch/SERVER.sock: the name becomes a path.
            server = try PathName(config.server, .server).text
        } catch {
            throw problem("server", error.description)
        }
        lan = config.lan
        network = try prefix(config.network, "network")
        listen = config.listen
        ciphers = config.ciphers
        files = config.files
        do {
            plan = try PlanJSON.decode(config.plan)
        } catch {
            throw problem(error.entry, error.message)
        }
        leases = [:]
        memberServers = [:]
        for (index, lease) in config.leases.enumerated() {
            guard let address = IPv4Address(lease.address) else {
                throw problem("leases[\(index)].address", "'\(lease.address)' of \(lease.name) is not an IPv4 address")
            }
            leases[lease.name] = address
            memberServers[address] = Set([lease.server] + (lease.fallback ?? []))
        }
        masquerade = try (config.masquerade ?? []).enumerated().map { try prefix($1, "masquerade[\($0)]") }
        expose = try (config.expose ?? []).enumerated().map { index, text in
            guard let port = ExposedPort(text) else {
                throw problem("expose[\(index)]", "'\(text)' is not PORT/tcp or PORT/udp; bundle this server again")
            }
            return port
        }
        broadcast = try config.broadcast.map {
            Broadcast(
                groups: try addresses($0.groups, "broadcast.groups"), rate: $0.rate, burst: $0.burst,
                poolBroadcasts: try addresses($0.pool_broadcasts, "broadcast.pool_broadcasts"), sites: $0.sites ?? false
            )
        }
        keepalive = config.keepalive ?? .standard
        lanGraph = config.lan_graph
    }
}
