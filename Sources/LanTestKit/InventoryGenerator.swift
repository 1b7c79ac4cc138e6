// InventoryGenerator: random VALID inventories for property tests of the planner.
//
// What varies, per seed: the topology (explicit uplinks over a random spanning tree plus
// extras, hub, mesh, regions with one primary each), 2–12 servers with random names (so name
// order and list order differ), explicit pools for some servers and auto pools for the rest,
// site subnets in 192.168.x.0/24, servers without endpoints where the topology lets them only
// dial, extra `links:` with costs 1–50, and clients with fixed and leased addresses.
//
// Validity rules kept here (the inventory contract in DESIGN.md): every dialled server, home
// server and fallback has an endpoint; pools never overlap and lie in 10.0.0.0/8; a region of
// several servers has exactly one primary; no pair of servers is named twice in `links:`; no
// two servers name each other as uplinks.

import LanInventory
import LanPlan
import LanValues

/// Builds random valid inventory models from a seeded generator.
public enum InventoryGenerator {
    /// A random valid inventory of `servers` servers (2–12 when nil).
    public static func model(servers count: Int? = nil, using rng: inout SeededGenerator) -> InventoryModel {
        let count = count ?? Int.random(in: 2...12, using: &rng)
        let topology = Topology.allCases.randomElement(using: &rng) ?? .mesh
        var servers = (0..<count).map { InventoryModel.ServerEntry(name: serverName($0, using: &rng), endpoint: nil) }
        var dialOnly = Set<Int>()
        var hub: String?
        switch topology {
        case .explicit:
            dialOnly = Set((1..<count).filter { _ in rng.chance(0.2) })
            addUplinks(to: &servers, dialOnly: dialOnly, using: &rng)
        case .hub:
            let center = Int.random(in: 0..<count, using: &rng)
            hub = servers[center].name
            dialOnly = Set((0..<count).filter { $0 != center && rng.chance(0.3) })
        case .mesh:
            if rng.chance(0.3) { dialOnly = [Int.random(in: 0..<count, using: &rng)] }
        case .regions:
            dialOnly = assignRegions(to: &servers, using: &rng)
        }
        for index in servers.indices where !dialOnly.contains(index) {
            servers[index].endpoint = endpoint(index, name: servers[index].name, using: &rng)
        }
        if topology != .regions {
            for index in servers.indices where rng.chance(0.3) { servers[index].region = "zone\(index % 3)" }
        }
        var addresses = AddressDraft()
        for index in servers.indices {
            if rng.chance(0.4) { servers[index].pools = addresses.explicitPools(using: &rng) }
            if rng.chance(0.3) { servers[index].siteSubnets = addresses.siteSubnets(using: &rng) }
        }
        var model = InventoryModel(
            topology: topology, hub: hub, poolPrefix: rng.chance(0.2) ? nil : Int.random(in: 16...24, using: &rng),
            writesNetwork: rng.chance(0.7), servers: servers)
        model.links = extraLinks(for: model, using: &rng)
        model.clients = clients(for: model, addresses: &addresses, using: &rng)
        model.servers.shuffle(using: &rng)
        return model
    }

    /// `model` with `servers` new servers (auto pools, endpoints, joined by the topology's own
    /// rules) and `clients` new leased clients inserted at random positions, then the server list
    /// shuffled: what an operator does when the LAN grows.
    public static func grow(
        _ model: InventoryModel, servers: Int, clients: Int, using rng: inout SeededGenerator
    ) -> InventoryModel {
        var grown = model
        var addresses = AddressDraft()
        addresses.siteOctets = Set(model.servers.flatMap(\.siteSubnets).map { Int($0.network.value >> 8 & 0xFF) })
        let reachable = model.servers.filter { $0.endpoint != nil }.map(\.name)
        let flagged = Array(Set(model.servers.filter(\.primary).compactMap(\.region))).sorted()
        for offset in 0..<servers {
            let index = model.servers.count + offset
            var server = InventoryModel.ServerEntry(name: serverName(index, using: &rng), endpoint: nil)
            server.endpoint = endpoint(index, name: server.name, using: &rng)
            switch model.topology {
            case .explicit: server.uplinks = [reachable.randomElement(using: &rng) ?? model.servers[0].name]
            case .hub, .mesh: break
            case .regions:
                let region = rng.chance(0.7) ? flagged.randomElement(using: &rng) : nil
                server.region = region ?? "grown\(index)"
            }
            if rng.chance(0.3) { server.siteSubnets = addresses.siteSubnets(using: &rng) }
            grown.servers.insert(server, at: Int.random(in: 0...grown.servers.count, using: &rng))
        }
        let homes = grown.servers.filter { $0.endpoint != nil }.map(\.name)
        for offset in 0..<clients {
            let client = InventoryModel.ClientEntry(
                name: clientName(model.clients.count + offset, using: &rng),
                server: homes.randomElement(using: &rng) ?? homes[0], address: nil, fallback: [])
            grown.clients.insert(client, at: Int.random(in: 0...grown.clients.count, using: &rng))
        }
        grown.servers.shuffle(using: &rng)
        return grown
    }

    /// Random lowercase letters then the index: unique, and sorted differently from the index.
    static func serverName(_ index: Int, using rng: inout SeededGenerator) -> String {
        letters(Int.random(in: 1...4, using: &rng), using: &rng) + "\(index)"
    }

    /// Client names carry '_', which server names cannot, so the two never clash.
    static func clientName(_ index: Int, using rng: inout SeededGenerator) -> String {
        letters(Int.random(in: 1...5, using: &rng), using: &rng) + "_\(index)"
    }

    static func letters(_ count: Int, using rng: inout SeededGenerator) -> String {
        String((0..<count).map { _ in "abcdefghijklmnopqrstuvwxyz".randomElement(using: &rng) ?? "a" })
    }

    /// A documentation-range address or a host name, sometimes with a port.
    static func endpoint(_ index: Int, name: String, using rng: inout SeededGenerator) -> String {
        let hosts = [
            "192.0.2.\(index + 1)", "198.51.100.\(index + 1)", "203.0.113.\(index + 1)", "\(name).example.net",
        ]
        let host = hosts.randomElement(using: &rng) ?? hosts[0]
        return rng.chance(0.3) ? "\(host):\(Int.random(in: 1024...65535, using: &rng))" : host
    }

    /// Explicit topology: a random spanning tree of uplinks (each server dials an earlier one
    /// that has an endpoint; server 0 always has one), plus a few extra uplinks, never mutual.
    static func addUplinks(
        to servers: inout [InventoryModel.ServerEntry], dialOnly: Set<Int>, using rng: inout SeededGenerator
    ) {
        var pairs = Set<LinkKey>()
        let listeners = servers.indices.filter { !dialOnly.contains($0) }
        for index in servers.indices.dropFirst() {
            let parent = listeners.filter { $0 < index }.randomElement(using: &rng) ?? 0
            servers[index].uplinks.append(servers[parent].name)
            pairs.insert(LinkKey(index, parent))
        }
        for _ in 0..<Int.random(in: 0...servers.count / 2, using: &rng) {
            let from = Int.random(in: servers.indices, using: &rng)
            guard let to = listeners.randomElement(using: &rng), to != from, pairs.insert(LinkKey(from, to)).inserted
            else { continue }
            servers[from].uplinks.append(servers[to].name)
        }
    }

    /// Regions topology: 1–4 regions, each non-empty; a region of several servers gets one
    /// primary, a region of one sometimes. Returns the servers that may lack an endpoint.
    static func assignRegions(
        to servers: inout [InventoryModel.ServerEntry], using rng: inout SeededGenerator
    ) -> Set<Int> {
        let names = ["eu", "us-east", "ap", "sa1"]
        let regionCount = Int.random(in: 1...min(names.count, servers.count), using: &rng)
        let order = Array(servers.indices).shuffled(using: &rng)
        var members = [[Int]](repeating: [], count: regionCount)
        for (rank, index) in order.enumerated() {
            let region = rank < regionCount ? rank : Int.random(in: 0..<regionCount, using: &rng)
            members[region].append(index)
            servers[index].region = names[region]
        }
        var dialOnly = Set<Int>()
        for group in members {
            let primary = group.randomElement(using: &rng) ?? group[0]
            servers[primary].primary = group.count > 1 || rng.chance(0.5)
            dialOnly.formUnion(group.filter { $0 != primary && rng.chance(0.3) })
        }
        return dialOnly
    }

    /// 0–3 `links:` entries with costs 1–50; `to` always has an endpoint, no pair twice, and a
    /// pair that `uplinks:` already joins keeps the uplink's direction.
    static func extraLinks(for model: InventoryModel, using rng: inout SeededGenerator) -> [InventoryModel.LinkEntry] {
        let names = model.servers.map(\.name)
        let listeners = model.servers.filter { $0.endpoint != nil }.map(\.name)
        var seen = Set<LinkID>()
        var links: [InventoryModel.LinkEntry] = []
        for _ in 0..<Int.random(in: 0...3, using: &rng) {
            guard var from = names.randomElement(using: &rng), var to = listeners.randomElement(using: &rng),
                from != to, seen.insert(LinkID(from, to)).inserted
            else { continue }
            // `to` dials `from` by uplink, so `from` is dialled and has an endpoint: swap.
            if model.server(named: to)?.uplinks.contains(from) == true { swap(&from, &to) }
            links.append(.init(from: from, to: to, cost: Int.random(in: 1...50, using: &rng)))
        }
        return links
    }

    /// 0–2 clients per server on servers with endpoints; half of those whose home has explicit
    /// pools get a fixed address; some name a fallback.
    static func clients(
        for model: InventoryModel, addresses: inout AddressDraft, using rng: inout SeededGenerator
    ) -> [InventoryModel.ClientEntry] {
        let homes = model.servers.filter { $0.endpoint != nil }
        return (0..<Int.random(in: 0...2 * model.servers.count, using: &rng)).map { index in
            let home = homes.randomElement(using: &rng) ?? homes[0]
            var client = InventoryModel.ClientEntry(
                name: clientName(index, using: &rng), server: home.name, address: nil, fallback: [])
            if let pools = home.pools, rng.chance(0.5) {
                client.address = addresses.fixedAddress(in: pools, using: &rng)
            }
            if rng.chance(0.2), let other = homes.filter({ $0.name != home.name }).randomElement(using: &rng) {
                client.fallback = [other.name]
            }
            return client
        }
    }
}

/// An unordered pair of server indices.
struct LinkKey: Hashable {
    let low: Int
    let high: Int

    init(_ x: Int, _ y: Int) { (low, high) = (min(x, y), max(x, y)) }
}
