// RoutePlan: the computed plan of the LAN — for every server, its addresses, the links it dials
// and accepts, and its three route sets:
//   internal routes — every prefix of the LAN → which session carries it (the daemon's
//                     longest-prefix-match table; OpenVPN's `iroute`, computed);
//   kernel routes   — every LAN prefix the host must send into the TUN device;
//   pushed routes   — what its clients are told to route through the tunnel.
// The JSON form is documented in docs/plan-json.md and is a stable interface.

import LanInventory
import LanValues

/// Where a server sends packets for a prefix.
public enum Via: Hashable, Sendable {
    /// One of this server's own pools: to the client that holds the address.
    case clients
    /// One of this server's own site subnets: into the host through the TUN device.
    case site
    /// Over the link to this neighbouring server.
    case link(String)
    /// The owner cannot be reached over live links (only with failed links).
    case unreachable

    /// The plan JSON's `via` word: clients, site, link or unreachable.
    public var kind: String {
        switch self {
        case .clients: "clients"
        case .site: "site"
        case .link: "link"
        case .unreachable: "unreachable"
        }
    }
}

/// One entry of a server's in-process forwarding table.
public struct InternalRoute: Hashable, Sendable {
    public var prefix: IPv4Prefix
    /// The server whose pool or site subnet this is.
    public var owner: String
    public var via: Via
    /// Total link cost to the owner (0 for own prefixes); nil when unreachable.
    public var cost: Int?
}

/// A route for the host's kernel: `prefix dev device`.
public struct KernelRoute: Hashable, Sendable {
    public var prefix: IPv4Prefix
    public var device: String
}

/// A link this server dials, with what it needs to connect.
public struct DialTarget: Hashable, Sendable {
    public var peer: String
    public var endpoint: Endpoint
    public var port: Int
    public var tcpPort: Int
    public var protocols: [TransportProtocol]
    public var cost: Int
    /// False when the plan was made with this link failed.
    public var up: Bool
}

/// A link a peer dials to this server.
public struct AcceptedLink: Hashable, Sendable {
    public var peer: String
    public var cost: Int
    public var up: Bool
}

/// A client whose home is this server.
public struct ClientLease: Hashable, Sendable {
    public var name: String
    public var address: IPv4Address
}

/// Everything one server needs to know about the LAN.
public struct ServerPlan: Sendable, Equatable {
    public var name: String
    public var region: String?
    public var endpoint: Endpoint?
    public var tunnelAddress: IPv4Address
    public var pools: [IPv4Prefix]
    public var siteSubnets: [IPv4Prefix]
    /// The TUN device the daemon creates.
    public var device: String
    public var dials: [DialTarget]
    public var accepts: [AcceptedLink]
    public var clients: [ClientLease]
    public var internalRoutes: [InternalRoute]
    public var kernelRoutes: [KernelRoute]
    public var pushedRoutes: [IPv4Prefix]
    /// Neighbours to relay LAN broadcasts to: this server's edges of the LAN's broadcast tree.
    public var broadcastPeers: [String]
}

/// The plan of the whole LAN.
public struct LanPlan: Sendable, Equatable {
    public var network: IPv4Prefix
    public var topology: Topology
    public var links: [Link]
    /// Links the plan was made without (`--fail`).
    public var failed: [LinkID]
    /// Servers in inventory order.
    public var servers: [ServerPlan]

    public func server(named name: String) -> ServerPlan? { servers.first { $0.name == name } }
}
