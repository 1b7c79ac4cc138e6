// LinkPlanner: which server dials which. Links come from the topology, then `uplinks:`
// (which also set who dials), then `links:` (which set direction and cost). Afterwards every
// dialled server must have an endpoint and the link graph must join all servers.
//
// Direction of derived links between two servers that both could dial: the one without an
// endpoint dials (it cannot be dialled); otherwise the name later in sort order dials the
// earlier, so reordering the inventory never flips a link.

import LanInventory
import LanValues

/// Derives the links of the LAN.
public enum LinkPlanner {
    public static let defaultCost = 10

    /// Links sorted by id, and every problem with them.
    public static func derive(_ inventory: Inventory) -> (links: [Link], diagnostics: [Diagnostic]) {
        var links: [LinkID: Link] = [:]
        var diagnostics: [Diagnostic] = []
        let byName = Dictionary(inventory.servers.map { ($0.name.value, $0) }, uniquingKeysWith: { first, _ in first })
        func derived(_ x: String, _ y: String) -> Link {
            let xDials = byName[y]?.endpoint != nil && (byName[x]?.endpoint == nil || x > y)
            return xDials
                ? Link(dialer: x, listener: y, cost: defaultCost, origin: .topology)
                : Link(dialer: y, listener: x, cost: defaultCost, origin: .topology)
        }
        for pair in topologyPairs(inventory) where pair.x != pair.y {
            links[LinkID(pair.x, pair.y)] =
                pair.directed
                ? Link(dialer: pair.x, listener: pair.y, cost: defaultCost, origin: .topology) : derived(pair.x, pair.y)
        }
        for server in inventory.servers {
            for uplink in server.uplinks where byName[uplink.value] != nil && uplink.value != server.name.value {
                let id = LinkID(server.name.value, uplink.value)
                let cost = links[id]?.cost ?? defaultCost
                links[id] = Link(dialer: server.name.value, listener: uplink.value, cost: cost, origin: .uplink)
            }
        }
        for spec in inventory.links where byName[spec.from.value] != nil && byName[spec.to.value] != nil {
            guard spec.from.value != spec.to.value else { continue }
            links[LinkID(spec.from.value, spec.to.value)] = Link(
                dialer: spec.from.value, listener: spec.to.value, cost: spec.cost.value, origin: .links)
        }
        let sorted = links.values.sorted { $0.id < $1.id }
        checkEndpoints(sorted, inventory: inventory, byName: byName, into: &diagnostics)
        checkConnected(sorted, inventory: inventory, into: &diagnostics)
        return (sorted, diagnostics)
    }

    /// A pair the topology links: `x` dials `y` when `directed` (towards a hub or a region's
    /// primary); otherwise either may dial and `derive` picks.
    struct Pair {
        var x: String
        var y: String
        var directed: Bool
    }

    /// The pairs the topology links.
    static func topologyPairs(_ inventory: Inventory) -> [Pair] {
        let names = inventory.servers.map(\.name.value)
        switch inventory.topology.value {
        case .explicit:
            return []
        case .hub:
            guard let hub = inventory.hub?.value, names.contains(hub) else { return [] }
            return names.filter { $0 != hub }.map { Pair(x: $0, y: hub, directed: true) }
        case .mesh:
            return allPairs(names)
        case .regions:
            var primaries: [String: String] = [:]
            var regionOrder: [String] = []
            var members: [String: [String]] = [:]
            for server in inventory.servers {
                guard let region = server.region?.value else { continue }
                if members[region] == nil { regionOrder.append(region) }
                members[region, default: []].append(server.name.value)
                if server.primary, primaries[region] == nil { primaries[region] = server.name.value }
            }
            for region in regionOrder where primaries[region] == nil && members[region]?.count == 1 {
                primaries[region] = members[region]?.first
            }
            var pairs = allPairs(regionOrder.compactMap { primaries[$0] })
            for region in regionOrder {
                guard let primary = primaries[region] else { continue }
                pairs += (members[region] ?? []).filter { $0 != primary }.map {
                    Pair(x: $0, y: primary, directed: true)
                }
            }
            return pairs
        }
    }

    static func allPairs(_ names: [String]) -> [Pair] {
        var pairs: [Pair] = []
        for (i, x) in names.enumerated() {
            for y in names[(i + 1)...] { pairs.append(Pair(x: x, y: y, directed: false)) }
        }
        return pairs
    }

    static func checkEndpoints(
        _ links: [Link], inventory: Inventory, byName: [String: Server], into diagnostics: inout [Diagnostic]
    ) {
        for link in links {
            guard let listener = byName[link.listener], listener.endpoint == nil else { continue }
            let location: SourceLocation
            switch link.origin {
            case .topology: location = listener.name.location
            case .uplink:
                location =
                    byName[link.dialer]?.uplinks.first { $0.value == link.listener }?.location ?? listener.location
            case .links:
                location =
                    inventory.links.first { LinkID($0.from.value, $0.to.value) == link.id }?.location
                    ?? listener.location
            }
            diagnostics.append(
                Diagnostic(
                    location,
                    "server \(link.listener) has no 'endpoint:', but server \(link.dialer) must dial it (from \(link.origin.rawValue)); give \(link.listener) an endpoint, or let it dial instead"
                ))
        }
    }

    /// Every server must be reachable from the first over links.
    static func checkConnected(_ links: [Link], inventory: Inventory, into diagnostics: inout [Diagnostic]) {
        let graph = Graph(servers: inventory.servers.map(\.name.value), links: links)
        // The LAN is the largest group of linked servers (on a tie, the first server's group);
        // every server outside it is reported.
        var components: Set<String> = []
        var seen: Set<String> = []
        for server in inventory.servers where !seen.contains(server.name.value) {
            let group = graph.reachable(from: server.name.value)
            seen.formUnion(group)
            if group.count > components.count { components = group }
        }
        guard let first = inventory.servers.first(where: { components.contains($0.name.value) })?.name.value else {
            return
        }
        let alreadyReported = serversWithRegionProblems(inventory).union(serversWithUnknownPeers(inventory))
        for server in inventory.servers where !components.contains(server.name.value) {
            guard !alreadyReported.contains(server.name.value) else { continue }
            let how: String
            switch inventory.topology.value {
            case .explicit: how = "add 'uplinks: [\(first)]' (or another server) to it, or a 'links:' entry"
            default: how = "add an 'uplinks:' or 'links:' entry that joins it"
            }
            diagnostics.append(
                Diagnostic(
                    server.name.location,
                    "server \(server.name.value) is not linked to the rest of the LAN (topology \(inventory.topology.value.rawValue)); \(how)"
                ))
        }
    }

    /// With `regions`, servers without a region or in a region without exactly one primary are
    /// reported by the inventory check; calling them unlinked as well would only repeat it.
    static func serversWithRegionProblems(_ inventory: Inventory) -> Set<String> {
        guard inventory.topology.value == .regions else { return [] }
        var members: [String: [Server]] = [:]
        var problems: Set<String> = []
        for server in inventory.servers {
            guard let region = server.region?.value else {
                problems.insert(server.name.value)
                continue
            }
            members[region, default: []].append(server)
        }
        for servers in members.values {
            let primaries = servers.filter(\.primary).count
            if primaries > 1 || (primaries == 0 && servers.count > 1) { problems.formUnion(servers.map(\.name.value)) }
        }
        return problems
    }

    /// Servers whose `uplinks:` or `links:` name an unknown server: the inventory check reports
    /// the bad name, which is why such a server may look unlinked.
    static func serversWithUnknownPeers(_ inventory: Inventory) -> Set<String> {
        let names = Set(inventory.servers.map(\.name.value))
        var servers = Set(
            inventory.servers.filter { $0.uplinks.contains { !names.contains($0.value) } }.map(\.name.value))
        for link in inventory.links where !names.contains(link.from.value) || !names.contains(link.to.value) {
            servers.formUnion([link.from.value, link.to.value])
        }
        return servers
    }
}
