// Address stability under growth, on seeded random inventories: plan, record the address book,
// add two servers and three clients at random places in the YAML (and shuffle the servers),
// re-plan with the recorded book — nothing that existed may move. A failure names its seed;
// replay it with
//   LANSTITCH_SEED=<seed> swift test --filter RandomizedStabilityTests

import LanInventory
import LanPlan
import LanTestKit
import LanValues
import Testing

@Suite struct RandomizedStabilityTests {
    static let seeds = TestSeeds.list(count: 150, salt: 1)

    /// Loads and plans YAML with `book`, requiring zero diagnostics from both.
    static func plan(_ model: InventoryModel, book: AddressBook, tag: String) throws -> Planner.Outcome {
        let loaded = InventoryLoader.load(text: model.yaml, file: "generated.yaml")
        #expect(loaded.diagnostics.isEmpty, "\(tag): \(loaded.diagnostics)\n\(model.yaml)")
        let inventory = try #require(loaded.inventory, "\(tag): inventory did not load")
        let outcome = Planner.plan(inventory, book: book)
        #expect(outcome.diagnostics.isEmpty, "\(tag): \(outcome.diagnostics)\n\(model.yaml)")
        _ = try #require(outcome.plan, "\(tag): no plan")
        return outcome
    }

    /// Every client's address by name, across all servers.
    static func addresses(_ plan: LanPlan) -> [String: IPv4Address] {
        Dictionary(plan.servers.flatMap(\.clients).map { ($0.name, $0.address) }) { first, _ in first }
    }

    @Test(arguments: seeds)
    func growingTheLanMovesNoExistingAddress(seed: UInt64) throws {
        let tag = "seed \(TestSeeds.describe(seed))"
        var rng = SeededGenerator(seed: seed)
        // One grown server and three new clients guarantee an auto pool and leased addresses.
        let base = InventoryGenerator.grow(
            InventoryGenerator.model(using: &rng), servers: 1, clients: 3, using: &rng)
        let first = try Self.plan(base, book: AddressBook(), tag: tag)
        let grown = InventoryGenerator.grow(base, servers: 2, clients: 3, using: &rng)
        let second = try Self.plan(grown, book: first.book, tag: "\(tag) grown")
        let before = try #require(first.plan)
        let after = try #require(second.plan)

        #expect(before.servers.contains { $0.pools.count == 1 && base.server(named: $0.name)?.pools == nil })
        for server in before.servers {
            let now = after.server(named: server.name)
            #expect(now?.pools == server.pools, "\(tag): pools of \(server.name) moved")
            #expect(now?.tunnelAddress == server.tunnelAddress, "\(tag): tunnel address of \(server.name) moved")
        }
        let old = Self.addresses(before)
        let new = Self.addresses(after)
        #expect(old.count == base.clients.count && new.count == grown.clients.count, "\(tag): clients lost")
        for (name, address) in old {
            #expect(
                new[name] == address, "\(tag): client \(name) moved from \(address) to \(String(describing: new[name]))"
            )
        }
        let tunnels = after.servers.map(\.tunnelAddress)
        let everyAddress = tunnels + new.values
        #expect(Set(everyAddress).count == everyAddress.count, "\(tag): an address is handed out twice")
        let problems = PlanAudit.problems(in: after)
        #expect(problems.isEmpty, "\(tag) grown:\n\(problems.joined(separator: "\n"))\n\(grown.yaml)")
    }
}
