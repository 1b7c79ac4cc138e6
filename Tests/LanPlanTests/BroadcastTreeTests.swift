// The broadcast relay tree on generated inventories, with and without failed links: it spans
// every live component, has no cycle (so a relayed broadcast is delivered once), uses only
// live links, is symmetric, and comes out the same whatever order the servers are listed in.

import LanInventory
import LanPlan
import LanTestKit
import Testing

@Suite struct BroadcastTreeTests {
    @Test func theTreeSpansEachLiveComponentWithoutCycles() throws {
        for seed in TestSeeds.list(count: 200, salt: 0xB0) {
            var rng = SeededGenerator(seed: seed)
            let model = InventoryGenerator.model(using: &rng)
            let loaded = InventoryLoader.load(text: model.yaml, file: "generated.yaml")
            let inventory = try #require(loaded.inventory, "seed \(seed)")
            let links = LinkPlanner.derive(inventory).links
            let failed: Set<LinkID> = links.isEmpty || !rng.chance(0.5) ? [] : [links.randomElement(using: &rng)!.id]
            let names = inventory.servers.map(\.name.value)
            let tree = BroadcastTree.neighbours(servers: names, links: links, failed: failed)
            let live = Set(links.filter { !failed.contains($0.id) }.map(\.id))
            var edges: Set<LinkID> = []
            for (server, peers) in tree {
                for peer in peers {
                    #expect(tree[peer]?.contains(server) == true, "seed \(seed): \(server)→\(peer) not symmetric")
                    #expect(live.contains(LinkID(server, peer)), "seed \(seed): \(server)-\(peer) is not a live link")
                    edges.insert(LinkID(server, peer))
                }
            }
            let graph = Graph(servers: names, links: links, failed: failed)
            var components = 0
            var seen: Set<String> = []
            for name in names where !seen.contains(name) {
                components += 1
                seen.formUnion(graph.reachable(from: name))
            }
            // A forest spanning every component has exactly servers − components edges, and
            // reaches, within the tree, everything the live graph reaches.
            #expect(edges.count == names.count - components, "seed \(seed)")
            let treeLinks = edges.map { Link(dialer: $0.a, listener: $0.b, cost: 1, origin: .links) }
            let treeGraph = Graph(servers: names, links: treeLinks)
            for name in names {
                #expect(treeGraph.reachable(from: name) == graph.reachable(from: name), "seed \(seed): \(name)")
            }
            let reversed = BroadcastTree.neighbours(servers: names.reversed(), links: links.reversed(), failed: failed)
            #expect(reversed == tree, "seed \(seed): order changed the tree")
        }
    }
}
