// LanGraph: the part of the plan a running server needs to re-plan its routes when links die
// or members roam — every server's prefixes and every planned link — and `LiveRoutes`, the
// re-planning itself. It shares RoutePlanner's route rule and BroadcastTree with `lanstitch
// plan --fail`, so a server that sees links down computes exactly what the plan would.
// Written into each bundle (server.yaml `lan_graph`).

import LanValues

/// Every server's prefixes and every planned link of the LAN.
public struct LanGraph: Codable, Equatable, Sendable {
    public struct Server: Codable, Equatable, Sendable {
        public var name: String
        public var pools: [String]
        public var site_subnets: [String]

        public init(name: String, pools: [String], site_subnets: [String]) {
            self.name = name
            self.pools = pools
            self.site_subnets = site_subnets
        }
    }

    public struct Edge: Codable, Equatable, Sendable {
        public var dialer: String
        public var listener: String
        public var cost: Int

        public init(dialer: String, listener: String, cost: Int) {
            self.dialer = dialer
            self.listener = listener
            self.cost = cost
        }
    }

    /// In the inventory's server order (the planner's tie-breaks depend on names, not order).
    public var servers: [Server]
    public var links: [Edge]

    public init(servers: [Server], links: [Edge]) {
        self.servers = servers
        self.links = links
    }

    /// The graph of `plan` (all planned links, including ones the plan marks failed).
    public init(_ plan: LanPlan) {
        servers = plan.servers.map {
            Server(
                name: $0.name, pools: $0.pools.map(\.description), site_subnets: $0.siteSubnets.map(\.description))
        }
        links = plan.links.map { Edge(dialer: $0.dialer, listener: $0.listener, cost: $0.cost) }
    }

    /// The planned links as the planner's type.
    public var plannedLinks: [Link] {
        links.map { Link(dialer: $0.dialer, listener: $0.listener, cost: $0.cost, origin: .links) }
    }
}

/// One server's routes for the links that are up now.
public struct LiveRoutes: Equatable, Sendable {
    /// Every LAN prefix with its route, as in the plan's `internal_routes`.
    public var internalRoutes: [InternalRoute]
    /// Members connected away from home: their address (/32) and the first hop toward them.
    public var roaming: [RoamingRoute]
    /// This server's edges of the broadcast tree over the live links.
    public var broadcastPeers: [String]

    /// A member away from home: its address (/32) and the way toward the server it is on.
    public struct RoamingRoute: Equatable, Sendable {
        public var address: IPv4Address
        public var via: Via

        public init(address: IPv4Address, via: Via) {
            self.address = address
            self.via = via
        }
    }

    /// The routes of `server` when `failed` links are down and members in `roaming` (address →
    /// the server they are connected to) are away from home. Nil when `server` is not in the graph.
    public static func compute(
        for server: String, graph lan: LanGraph, failed: Set<LinkID>, roaming: [IPv4Address: String] = [:]
    ) -> LiveRoutes? {
        let names = lan.servers.map(\.name)
        let links = lan.plannedLinks
        let graph = Graph(servers: names, links: links, failed: failed)
        guard let source = graph.index[server] else { return nil }
        var owned: [RoutePlanner.OwnedPrefix] = []
        for entry in lan.servers {
            guard let owner = graph.index[entry.name] else { continue }
            let pools = entry.pools.compactMap { try? IPv4Prefix.parse($0).get() }
            let sites = entry.site_subnets.compactMap { try? IPv4Prefix.parse($0).get() }
            owned += pools.map { RoutePlanner.OwnedPrefix(prefix: $0, owner: owner, isSite: false) }
            owned += sites.map { RoutePlanner.OwnedPrefix(prefix: $0, owner: owner, isSite: true) }
        }
        owned.sort { $0.prefix < $1.prefix }
        let paths = graph.shortestPaths(from: source)
        let routes = owned.map { RoutePlanner.route(for: $0, source: source, paths: paths, graph: graph) }
        let away: [RoamingRoute] = roaming.sorted { $0.key < $1.key }.compactMap { address, at in
            guard let owner = graph.index[at] else { return nil }
            let route = RoutePlanner.route(
                for: .init(prefix: IPv4Prefix(address, length: 32), owner: owner, isSite: false), source: source,
                paths: paths, graph: graph)
            return RoamingRoute(address: address, via: route.via)
        }
        let tree = BroadcastTree.neighbours(servers: names, links: links, failed: failed)
        return LiveRoutes(internalRoutes: routes, roaming: away, broadcastPeers: tree[server] ?? [])
    }
}
