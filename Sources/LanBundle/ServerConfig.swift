// ServerConfig: `server.yaml`, the daemon's whole configuration, written by `lanstitch bundle`
// and read by `lanstitch server --config`. It holds the server's identity and listeners, the
// names of its key files (beside it), its plan (the plan JSON's server object), and every
// client lease of the LAN, so any server can accept a roaming client with its own address.
// Schema `lanstitch.server/v1`; fields may be added, not renamed.

import LanPlan

/// The daemon's configuration file.
public struct ServerConfig: Codable, Equatable, Sendable {
    public static let schema = "lanstitch.server/v1"

    /// Transports and ports the server listens on (nil: not offered).
    public struct Listen: Codable, Equatable, Sendable {
        public var udp: Int?
        public var tcp: Int?

        public init(udp: Int?, tcp: Int?) {
            self.udp = udp
            self.tcp = tcp
        }
    }

    /// Key and certificate file names, relative to server.yaml's folder.
    public struct Files: Codable, Equatable, Sendable {
        public var ca = "ca.crt"
        public var certificate = "server.crt"
        public var key = "server.key"
        public var tls_crypt = "tls-crypt.key"
        public var crl = "crl.pem"
        /// Every server's certificate of the LAN, to check the link-state advertisements each
        /// signs (absent in bundles of older versions: then none is accepted unsigned from
        /// another origin than the link it came over).
        public var servers: String? = "servers.crt"

        public init() {}
    }

    /// The broadcast relay (present only with `broadcast_relay: true`): the multicast groups it
    /// carries, each member's allowance, and every pool's broadcast address of the LAN (a
    /// member's subnet broadcast is relayed as the network's broadcast). The tree neighbours are
    /// the plan's `broadcast_peers`.
    public struct Broadcast: Codable, Equatable, Sendable {
        public var groups: [String]
        public var rate: Int
        public var burst: Int
        public var pool_broadcasts: [String]
        /// Deliver broadcasts into this server's site LANs too (absent: no).
        public var sites: Bool?

        public init(groups: [String], rate: Int, burst: Int, pool_broadcasts: [String], sites: Bool?) {
            self.groups = groups
            self.rate = rate
            self.burst = burst
            self.pool_broadcasts = pool_broadcasts
            self.sites = sites
        }
    }

    /// Keepalive seconds: on server links, and pushed to members.
    public struct Keepalive: Codable, Equatable, Sendable {
        public var link_ping: Int
        public var link_timeout: Int
        public var client_ping: Int
        public var client_timeout: Int

        public init(link_ping: Int, link_timeout: Int, client_ping: Int, client_timeout: Int) {
            self.link_ping = link_ping
            self.link_timeout = link_timeout
            self.client_ping = client_ping
            self.client_timeout = client_timeout
        }

        /// The defaults (and what a bundle without `keepalive` gets).
        public static let standard = Keepalive(link_ping: 1, link_timeout: 3, client_ping: 2, client_timeout: 10)
    }

    /// A client's address anywhere in the LAN.
    public struct Lease: Codable, Equatable, Sendable {
        public var name: String
        public var server: String
        public var address: String
        /// The member's fallback servers, in order (absent: none, or an older bundle).
        public var fallback: [String]?

        public init(name: String, server: String, address: String, fallback: [String]? = nil) {
            self.name = name
            self.server = server
            self.address = address
            self.fallback = fallback
        }
    }

    public var schema: String
    public var lan: String
    public var server: String
    public var network: String
    public var listen: Listen
    public var ciphers: [String]
    public var files: Files
    public var plan: PlanJSON.ServerDTO
    public var leases: [Lease]
    /// Site subnets whose traffic from the tunnel the server masquerades (absent: none).
    public var masquerade: [String]?
    /// Ports of the host members may reach (`PORT/tcp`, `PORT/udp`; absent: none).
    public var expose: [String]?
    public var broadcast: Broadcast?
    /// Absent in bundles of older versions: then 1/3 s on links and ping 2/ping-restart 10.
    public var keepalive: Keepalive?
    /// Every server's prefixes and every planned link, to re-plan when links fail (absent in
    /// bundles of older versions: then routes stay as planned).
    public var lan_graph: LanGraph?

    public init(
        schema: String, lan: String, server: String, network: String, listen: Listen, ciphers: [String],
        files: Files, plan: PlanJSON.ServerDTO, leases: [Lease], masquerade: [String]?, broadcast: Broadcast?,
        keepalive: Keepalive?, lan_graph: LanGraph?, expose: [String]? = nil
    ) {
        self.expose = expose
        self.schema = schema
        self.lan = lan
        self.server = server
        self.network = network
        self.listen = listen
        self.ciphers = ciphers
        self.files = files
        self.plan = plan
        self.leases = leases
        self.masquerade = masquerade
        self.broadcast = broadcast
        self.keepalive = keepalive
        self.lan_graph = lan_graph
    }
}
