// LiveRoutesHarness: what a link-state database makes of a server's routes (issue 16, item 9,
// fourth priority), as far as it is reachable outside LanDaemon. The LSA decoder and database
// (LanDaemon/LinkState.swift) are internal to LanDaemon, so this harness starts where their
// output goes: failed links and roaming members — everything a forged advertisement controls —
// into LiveRoutes (the planner's re-planning) and the forwarding table built from it, on a
// graph also read from the input (overlapping sites, names with '-', links to oneself).
// Invariants: every server gets routes; a route leaves only over a live planned link of its
// own; the RouteTable answers every lookup as a naive longest-prefix match over the same routes.
//
// Input: servers(1) | per server: site(4) site length(1) | per pair: link(1) | failed(1 per
// link) | up to 16 roaming members: address(4) server(1) | probe addresses(4 each).

import LanForwarding
import LanPlan
import LanValues

/// LiveRoutes and RouteTable under link states an attacker could advertise.
enum LiveRoutesHarness {
    static let harness = FuzzHarness(
        name: "live-routes",
        summary:
            "failed links and roaming members, as link-state advertisements give them, into LiveRoutes and RouteTable",
        maxLength: 1024
    ) { run($0) }

    /// Server names, with dashes where LinkID text is ambiguous.
    static let names = ["hangzhou", "hongkong", "a", "a-b", "b", "b-c", "c", "tokyo"]

    static func run(_ bytes: [UInt8]) {
        var input = FuzzInput(bytes)
        let (graph, failed) = graphAndFailures(&input)
        var roaming: [IPv4Address: String] = [:]
        for _ in 0..<16 where input.remaining >= 5 {
            let address = IPv4Address(input.uint32())
            let index = Int(input.byte())
            roaming[address] = index < names.count ? names[index] : "ghost-\(index)"
        }
        var probes = roaming.keys.sorted()
        while input.remaining >= 4, probes.count < 64 { probes.append(IPv4Address(input.uint32())) }
        let planned = Set(graph.links.map { LinkID($0.dialer, $0.listener) })
        for server in graph.servers.map(\.name) {
            guard let live = LiveRoutes.compute(for: server, graph: graph, failed: failed, roaming: roaming) else {
                return fuzzRequire(false, "no live routes for \(server), which is in the graph")
            }
            var routes: [(IPv4Prefix, Via)] = live.internalRoutes.map { ($0.prefix, $0.via) }
            routes += live.roaming.map { (IPv4Prefix($0.address, length: 32), $0.via) }
            for (_, via) in routes {
                guard case .link(let peer) = via else { continue }
                let link = LinkID(server, peer)
                fuzzRequire(planned.contains(link) && !failed.contains(link), "\(server) routes over \(link), not live")
            }
            compareLookups(routes, probes: probes + routes.map(\.0.network))
        }
    }

    /// A graph of 2…8 servers with a /16 pool each and a site from the input, and the planned
    /// links the input picks, with the ones it marks failed.
    static func graphAndFailures(_ input: inout FuzzInput) -> (LanGraph, Set<LinkID>) {
        let count = 2 + Int(input.byte()) % (names.count - 1)
        var servers: [LanGraph.Server] = []
        for index in 0..<count {
            let site = IPv4Prefix(IPv4Address(input.uint32()), length: Int(input.byte()) % 33)
            servers.append(
                LanGraph.Server(
                    name: names[index], pools: ["10.\(index).0.0/16"], site_subnets: [site.description]))
        }
        var links: [LanGraph.Edge] = []
        for first in 0..<count {
            for second in first..<count {
                let byte = input.byte()
                guard byte & 1 != 0 else { continue }
                let (dialer, listener) = byte & 2 != 0 ? (first, second) : (second, first)
                links.append(LanGraph.Edge(dialer: names[dialer], listener: names[listener], cost: 1 + Int(byte >> 2)))
            }
        }
        var failed: Set<LinkID> = []
        for link in links where input.byte() & 1 != 0 { failed.insert(LinkID(link.dialer, link.listener)) }
        return (LanGraph(servers: servers, links: links), failed)
    }

    /// The table built as the daemon builds it must agree with a linear longest-prefix search.
    static func compareLookups(_ routes: [(IPv4Prefix, Via)], probes: [IPv4Address]) {
        var table = RouteTable<Via>()
        for (prefix, via) in routes { table.insert(prefix, via) }
        for address in probes {
            var best: (length: Int, via: Via)?
            for (prefix, via) in routes where prefix.contains(address) && prefix.length >= (best?.length ?? -1) {
                best = (prefix.length, via)
            }
            fuzzRequire(table.lookup(address) == best?.via, "RouteTable and a linear search disagree on \(address)")
        }
    }
}
