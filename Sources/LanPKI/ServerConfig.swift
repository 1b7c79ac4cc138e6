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
    }

    /// Key and certificate file names, relative to server.yaml's folder.
    public struct Files: Codable, Equatable, Sendable {
        public var ca = "ca.crt"
        public var certificate = "server.crt"
        public var key = "server.key"
        public var tls_crypt = "tls-crypt.key"
        public var crl = "crl.pem"
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
    }

    /// Keepalive seconds: on server links, and pushed to members.
    public struct Keepalive: Codable, Equatable, Sendable {
        public var link_ping: Int
        public var link_timeout: Int
        public var client_ping: Int
        public var client_timeout: Int

        /// The defaults (and what a bundle without `keepalive` gets).
        public static let standard = Keepalive(link_ping: 1, link_timeout: 3, client_ping: 2, client_timeout: 10)
    }

    /// A client's address anywhere in the LAN.
    public struct Lease: Codable, Equatable, Sendable {
        public var name: String
        public var server: String
        public var address: String
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
    public var broadcast: Broadcast?
    /// Absent in bundles of older versions: then 1/3 s on links and ping 2/ping-restart 10.
    public var keepalive: Keepalive?
    /// Every server's prefixes and every planned link, to re-plan when links fail (absent in
    /// bundles of older versions: then routes stay as planned).
    public var lan_graph: LanGraph?
}
