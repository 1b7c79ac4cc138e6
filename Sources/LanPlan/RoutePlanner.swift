// RoutePlanner: address plan + links (+ failed links) → every server's `ServerPlan`.
//
// One shortest-path run per server over the live link graph (Graph.swift); then, for every
// prefix of the LAN, the owner's first hop is the route. Kernel routes are every LAN prefix the
// host does not already reach: all but the server's own site subnets and the first pool (which
// the TUN device's own address covers).

import LanInventory
import LanValues

/// Computes server plans. Pure.
public enum RoutePlanner {
    /// The TUN device name every server uses.
    public static let device = "lanstitch0"

    /// Every prefix of the LAN with its owner, sorted by prefix.
    struct OwnedPrefix {
        var prefix: IPv4Prefix
        var owner: Int
        var isSite: Bool
    }

    public static func plan(
        _ inventory: Inventory, addresses: AddressPlan, links: [Link], failed: Set<LinkID>
    ) -> LanPlan {
        let graph = Graph(servers: inventory.servers.map(\.name.value), links: links, failed: failed)
        var owned: [OwnedPrefix] = []
        for (name, server) in addresses.servers {
            guard let owner = graph.index[name] else { continue }
            owned += server.pools.map { OwnedPrefix(prefix: $0, owner: owner, isSite: false) }
            owned += server.siteSubnets.map { OwnedPrefix(prefix: $0, owner: owner, isSite: true) }
        }
        owned.sort { $0.prefix < $1.prefix }
        let network = inventory.network.value
        let pushed = [network] + Set(owned.filter { $0.isSite && !network.contains($0.prefix) }.map(\.prefix)).sorted()
        var clientsByServer: [String: [ClientLease]] = [:]
        for (name, client) in addresses.clients {
            clientsByServer[client.server, default: []].append(ClientLease(name: name, address: client.address))
        }
        let broadcast = BroadcastTree.neighbours(
            servers: inventory.servers.map(\.name.value), links: links, failed: failed)
        let servers = inventory.servers.compactMap { server -> ServerPlan? in
            guard let own = addresses.servers[server.name.value], let source = graph.index[server.name.value] else {
                return nil
            }
            let paths = graph.shortestPaths(from: source)
            let name = server.name.value
            return ServerPlan(
                name: name, region: server.region?.value, endpoint: server.endpoint?.value,
                tunnelAddress: own.tunnelAddress, pools: own.pools, siteSubnets: own.siteSubnets, device: device,
                dials: dials(of: name, inventory: inventory, links: links, failed: failed),
                accepts: links.filter { $0.listener == name }.map {
                    AcceptedLink(peer: $0.dialer, cost: $0.cost, up: !failed.contains($0.id))
                },
                clients: (clientsByServer[name] ?? []).sorted { $0.address < $1.address },
                internalRoutes: owned.map { route(for: $0, source: source, paths: paths, graph: graph) },
                kernelRoutes: owned.filter { entry in
                    !(entry.owner == source && (entry.isSite || entry.prefix == own.pools.first))
                }.map { KernelRoute(prefix: $0.prefix, device: device) },
                pushedRoutes: pushed, broadcastPeers: broadcast[name] ?? [])
        }
        return LanPlan(
            network: network, topology: inventory.topology.value, links: links, failed: failed.sorted(),
            servers: servers)
    }

    static func route(for entry: OwnedPrefix, source: Int, paths: Graph.Paths, graph: Graph) -> InternalRoute {
        let owner = graph.names[entry.owner]
        if entry.owner == source {
            return InternalRoute(prefix: entry.prefix, owner: owner, via: entry.isSite ? .site : .clients, cost: 0)
        }
        guard let cost = paths.cost[entry.owner], let hop = paths.firstHop[entry.owner] else {
            return InternalRoute(prefix: entry.prefix, owner: owner, via: .unreachable, cost: nil)
        }
        return InternalRoute(prefix: entry.prefix, owner: owner, via: .link(graph.names[hop]), cost: cost)
    }

    static func dials(of name: String, inventory: Inventory, links: [Link], failed: Set<LinkID>) -> [DialTarget] {
        links.filter { $0.dialer == name }.compactMap { link in
            guard let peer = inventory.server(named: link.listener), let endpoint = peer.endpoint?.value else {
                return nil
            }
            let port = endpoint.port ?? inventory.port(of: peer)
            return DialTarget(
                peer: link.listener, endpoint: endpoint, port: port,
                tcpPort: endpoint.port ?? inventory.tcpPort(of: peer), protocols: inventory.protocols(of: peer),
                cost: link.cost, up: !failed.contains(link.id))
        }
    }
}
