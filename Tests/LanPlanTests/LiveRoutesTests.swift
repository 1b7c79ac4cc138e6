// Re-planning in a running server (LiveRoutes from the bundle's LanGraph) must give exactly the
// routes and broadcast tree of `lanstitch plan --fail` for the same failed links, on random
// inventories; and a roaming member's /32 leads toward the server it is on.

import LanInventory
import LanPlan
import LanTestKit
import LanValues
import Testing

@Suite struct LiveRoutesTests {
    @Test func aServerReplansExactlyAsThePlannerDoesForAnyFailedLinks() throws {
        for seed in TestSeeds.list(count: 80, salt: 0x11FE) {
            var rng = SeededGenerator(seed: seed)
            let model = InventoryGenerator.model(using: &rng)
            let inventory = try #require(InventoryLoader.load(text: model.yaml, file: "g.yaml").inventory)
            let healthy = try #require(Planner.plan(inventory, book: AddressBook()).plan, "seed \(seed)")
            let graph = LanGraph(healthy)
            var failed: Set<LinkID> = []
            for link in healthy.links where rng.chance(0.3) { failed.insert(link.id) }
            let broken = try #require(Planner.plan(inventory, book: AddressBook(), failed: failed).plan)
            for server in broken.servers {
                let live = try #require(LiveRoutes.compute(for: server.name, graph: graph, failed: failed))
                #expect(live.internalRoutes == server.internalRoutes, "seed \(seed) \(server.name) failing \(failed)")
                #expect(live.broadcastPeers == server.broadcastPeers || server.broadcastPeers.isEmpty, "seed \(seed)")
            }
        }
    }

    @Test func aRoamingMemberIsRoutedTowardTheServerItIsOn() throws {
        let inventory = try #require(
            InventoryLoader.load(
                text: """
                    network: 10.0.0.0/8
                    topology: mesh
                    servers:
                      - { name: a, endpoint: 192.0.2.1, pools: [10.1.0.0/16] }
                      - { name: b, endpoint: 192.0.2.2, pools: [10.2.0.0/16] }
                      - { name: c, endpoint: 192.0.2.3, pools: [10.3.0.0/16] }
                    """, file: "mesh.yaml"
            ).inventory)
        let plan = try #require(Planner.plan(inventory, book: AddressBook()).plan)
        let member = try #require(IPv4Address("10.1.0.7"))
        // a's member is on c: a and b send its /32 to c directly; with a-c cut, a goes through b.
        let fromA = try #require(
            LiveRoutes.compute(for: "a", graph: LanGraph(plan), failed: [], roaming: [member: "c"]))
        #expect(fromA.roaming == [.init(address: member, via: .link("c"))])
        let cut = try #require(
            LiveRoutes.compute(for: "a", graph: LanGraph(plan), failed: [LinkID("a", "c")], roaming: [member: "c"]))
        #expect(cut.roaming == [.init(address: member, via: .link("b"))])
        let onC = try #require(LiveRoutes.compute(for: "c", graph: LanGraph(plan), failed: [], roaming: [member: "c"]))
        #expect(onC.roaming == [.init(address: member, via: .clients)])
    }
}
