// The inventory: the typed form of the YAML file that names the servers of one LAN.
//
// Every value a later check may complain about keeps the position it was written at
// (`Located`), so planner errors can point at `file:line:col` too. The contract is in
// DESIGN.md ("The contract: inventory"); docs/inventory.md documents every key.

import LanValues

/// How server links are derived from the server list (DESIGN.md, Topologies).
public enum Topology: String, Sendable, CaseIterable {
    /// Only `uplinks:` and `links:`.
    case explicit
    /// Every server dials `hub`.
    case hub
    /// Every pair of servers is linked.
    case mesh
    /// Region primaries form a mesh; every other server dials its region's primary.
    case regions
}

/// A tunnel transport.
public enum TransportProtocol: String, Sendable, CaseIterable, Codable, Comparable {
    case udp, tcp

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// A data-channel cipher, named as OpenVPN names it (`--data-ciphers`).
public enum DataCipher: String, Sendable, CaseIterable, Codable {
    case aes256gcm = "AES-256-GCM"
    case aes128gcm = "AES-128-GCM"
    case chacha20poly1305 = "CHACHA20-POLY1305"
}

/// What clients and peer servers dial: a host name or IPv4 address, with an optional port.
public struct Endpoint: Hashable, Sendable, CustomStringConvertible {
    public var host: String
    public var port: Int?

    public init(host: String, port: Int?) {
        self.host = host
        self.port = port
    }

    public var description: String { port.map { "\(host):\($0)" } ?? host }
}

/// Settings every server takes unless it says otherwise.
public struct Defaults: Sendable {
    /// Prefix length of auto-allocated pools.
    public var poolPrefix: Located<Int>
    /// UDP port, and TCP port unless `tcpPort` is set.
    public var port: Int
    public var tcpPort: Int?
    public var protocols: [TransportProtocol]
    public var ciphers: [DataCipher]
}

/// One server of the LAN.
public struct Server: Sendable {
    public var name: Located<String>
    public var region: Located<String>?
    public var endpoint: Located<Endpoint>?
    /// Pools as written; nil when the key is absent (the address plan allocates one).
    public var pools: [Located<IPv4Prefix>]?
    public var siteSubnets: [Located<IPv4Prefix>]
    /// Site subnets whose gateway has no route back to the LAN: the server masquerades traffic
    /// from the tunnel into them (nftables), so their hosts answer the server itself.
    public var masquerade: [Located<IPv4Prefix>]
    /// Ports of the server's host that members may reach through the tunnel (`expose:`); the
    /// rest of the host is closed to them.
    public var expose: [Located<ExposedPort>] = []
    public var primary: Bool
    /// `user@host[:port]` for `lanstitch deploy`, as written (checked: `SSHAddress` parses it).
    public var ssh: Located<String>?
    /// The private key deploy logs in with, relative to the inventory's folder (nil: ssh's own choice).
    public var sshKey: Located<String>?
    /// Where deploy installs releases on the host (nil: /opt/lanstitch).
    public var installDir: Located<String>?
    /// Servers this server dials as a client.
    public var uplinks: [Located<String>]
    /// Per-server transport settings; nil means the inventory's defaults.
    public var port: Int?
    public var tcpPort: Int?
    public var protocols: [TransportProtocol]?
    /// Where the server's mapping starts.
    public var location: SourceLocation
}

/// An extra link, or the cost of a derived one. `from` dials `to`.
public struct LinkSpec: Sendable {
    public var from: Located<String>
    public var to: Located<String>
    public var cost: Located<Int>
    public var location: SourceLocation
}

/// A member who connects with a profile.
public struct Client: Sendable {
    public var name: Located<String>
    /// The home server, whose pools the client's address comes from.
    public var server: Located<String>
    /// A fixed address; nil means leased automatically and remembered in the state folder.
    public var address: Located<IPv4Address>?
    /// Servers the client's profile tries when its home server does not answer.
    public var fallback: [Located<String>]
    public var location: SourceLocation
}

/// Options for `lanstitch lab` (the whole LAN in network namespaces on one machine); they
/// change nothing outside the lab.
public struct LabOptions: Sendable {
    /// Clients that run `lanstitch up` in the lab.
    public var lanstitchClients: [Located<String>]
    /// Clients that run the OpenVPN 3 core client `ovpncli` (the engine of OpenVPN Connect) in
    /// the lab. Every client in neither list runs stock `openvpn`.
    public var openvpn3Clients: [Located<String>]
    /// Where the `lab:` mapping starts.
    public var location: SourceLocation

    public init(
        lanstitchClients: [Located<String>], openvpn3Clients: [Located<String>] = [], location: SourceLocation
    ) {
        self.lanstitchClients = lanstitchClients
        self.openvpn3Clients = openvpn3Clients
        self.location = location
    }
}

/// A whole inventory file, decoded.
public struct Inventory: Sendable {
    /// The path the inventory was read from, as the user wrote it; diagnostics start with it.
    public var file: String
    public var network: Located<IPv4Prefix>
    public var defaults: Defaults
    public var topology: Located<Topology>
    public var hub: Located<String>?
    /// Servers in file order. Setting it rebuilds the name index behind `server(named:)`.
    public var servers: [Server] { didSet { serverIndex = Inventory.index(servers) } }
    public var links: [LinkSpec]
    public var clients: [Client]
    public var broadcastRelay: Bool
    /// What the broadcast relay carries and how much per member (`broadcast:`).
    public var broadcast = BroadcastSettings()
    /// How fast dead server links and dead servers are noticed (`keepalive:`).
    public var keepalive = KeepaliveSettings()
    /// False when `topology:` or `hub:` could not be read; link checks would then only repeat
    /// that problem in other words, so they are skipped.
    public var topologyIsReadable: Bool = true
    /// `state_dir:` as written, relative to the inventory's folder; nil means the default.
    public var stateDir: Located<String>?
    /// `lab:` options; nil when the inventory has none.
    public var lab: LabOptions?

    init(
        file: String, network: Located<IPv4Prefix>, defaults: Defaults, topology: Located<Topology>,
        hub: Located<String>?, servers: [Server], links: [LinkSpec], clients: [Client], broadcastRelay: Bool,
        stateDir: Located<String>?
    ) {
        self.file = file
        self.network = network
        self.defaults = defaults
        self.topology = topology
        self.hub = hub
        self.servers = servers
        self.links = links
        self.clients = clients
        self.broadcastRelay = broadcastRelay
        self.stateDir = stateDir
        serverIndex = Inventory.index(servers)
    }

    /// The server with this name, if any.
    /// Constant time: validation and planning ask once per client and link.
    public func server(named name: String) -> Server? {
        serverIndex[name].map { servers[$0] }
    }

    /// Position of each server by name (the first, if a name is duplicated).
    private var serverIndex: [String: Int] = [:]

    static func index(_ servers: [Server]) -> [String: Int] {
        var index: [String: Int] = [:]
        for (position, server) in servers.enumerated() where index[server.name.value] == nil {
            index[server.name.value] = position
        }
        return index
    }

    /// The UDP port a server listens on.
    public func port(of server: Server) -> Int { server.port ?? defaults.port }

    /// The TCP port a server listens on.
    public func tcpPort(of server: Server) -> Int {
        server.tcpPort ?? (server.port ?? defaults.tcpPort ?? defaults.port)
    }

    /// The parsed `ssh:` of a server (nil when absent).
    public func sshAddress(of server: Server) -> SSHAddress? { server.ssh.flatMap { SSHAddress($0.value) } }

    /// The transports a server offers.
    public func protocols(of server: Server) -> [TransportProtocol] { server.protocols ?? defaults.protocols }
}

/// `broadcast:`: the multicast groups the relay carries besides broadcasts, and each member's
/// allowance of relayed packets (a token bucket: `rate` per second, bursts up to `burst`).
public struct BroadcastSettings: Sendable, Equatable {
    /// mDNS, SSDP and all-hosts: what LAN game and device discovery use most.
    public static let defaultGroups = ["224.0.0.251", "239.255.255.250", "224.0.0.1"].compactMap(IPv4Address.init)
    public var groups: [IPv4Address] = BroadcastSettings.defaultGroups
    public var rate = 100
    public var burst = 200
    /// Also deliver broadcasts into the servers' site LANs (as each site's directed broadcast).
    public var sites = false

    public init() {}
}

/// `keepalive:`: seconds between pings and of silence before a peer counts as gone — on server
/// links (the daemons' own), and pushed to members (`ping`, `ping-restart`).
public struct KeepaliveSettings: Sendable, Equatable {
    public var linkPing = 1
    public var linkTimeout = 3
    public var clientPing = 2
    public var clientTimeout = 10

    public init() {}
}
