// Randomized plan tests: hundreds of seeded random valid inventories (LanTestKit's
// InventoryGenerator), each loaded through the real YAML decoder, planned, and audited against
// the brute-force ReferencePlanner (PlanAudit). A failure names its seed; replay it with
//   LANSTITCH_SEED=<seed> swift test --filter RandomizedPlanTests

import LanInventory
import LanPlan
import LanTestKit
import LanValues
import Testing

@Suite struct RandomizedPlanTests {
    static let seeds = TestSeeds.list(count: 300)

    /// One generated inventory, loaded and planned with an empty address book.
    struct Case {
        var seed: UInt64
        var model: InventoryModel
        var inventory: Inventory
        var outcome: Planner.Outcome
        var plan: LanPlan

        /// "seed 0x…" for failure messages.
        var tag: String { "seed \(TestSeeds.describe(seed))" }

        /// Path enumeration for small graphs (brute force proper), Floyd–Warshall above.
        var method: ReferencePlanner.Method { model.servers.count <= 8 ? .allSimplePaths : .floydWarshall }

        /// Generates, loads and plans; records an issue naming the seed at the first failure.
        init(seed: UInt64) throws {
            var rng = SeededGenerator(seed: seed)
            let model = InventoryGenerator.model(using: &rng)
            let tag = "seed \(TestSeeds.describe(seed))"
            let inventory = try Self.load(model.yaml, tag: tag)
            let outcome = Planner.plan(inventory, book: AddressBook())
            #expect(outcome.diagnostics.isEmpty, "\(tag): planning found problems: \(outcome.diagnostics)")
            self.seed = seed
            self.model = model
            self.inventory = inventory
            self.outcome = outcome
            self.plan = try #require(outcome.plan, "\(tag): no plan")
        }

        /// Loads YAML text, requiring zero diagnostics.
        static func load(_ yaml: String, tag: String) throws -> Inventory {
            let loaded = InventoryLoader.load(text: yaml, file: "generated.yaml")
            #expect(loaded.diagnostics.isEmpty, "\(tag): \(loaded.diagnostics)\n\(yaml)")
            return try #require(loaded.inventory, "\(tag): inventory did not load")
        }

        /// Plans again without `failed`, requiring zero diagnostics.
        func replan(failing failed: Set<LinkID>) throws -> LanPlan {
            let outcome = Planner.plan(inventory, book: AddressBook(), failed: failed)
            #expect(outcome.diagnostics.isEmpty, "\(tag) failing \(failed): \(outcome.diagnostics)")
            return try #require(outcome.plan, "\(tag) failing \(failed): no plan")
        }
    }

    /// (a), (b), (e): zero diagnostics; the links the topology rules call for; every prefix
    /// reached hop by hop at the reference's cheapest cost; own prefixes to clients or site.
    @Test(arguments: seeds)
    func generatedInventoryPlansSoundly(seed: UInt64) throws {
        let test = try Case(seed: seed)
        let links = Dictionary(test.plan.links.map { ($0.id, $0.cost) }) { first, _ in first }
        #expect(links == test.model.expectedLinks, "\(test.tag): links differ from the topology rules")
        #expect(test.plan.servers.map(\.name) == test.model.servers.map(\.name), "\(test.tag): server order")
        let problems = PlanAudit.problems(in: test.plan, method: test.method)
        #expect(problems.isEmpty, "\(test.tag):\n\(problems.joined(separator: "\n"))\n\(test.model.yaml)")
        let reference = ReferencePlanner(plan: test.plan)
        if test.method == .allSimplePaths {
            #expect(
                reference.distances(.allSimplePaths) == reference.distances(.floydWarshall),
                "\(test.tag): the two reference methods disagree")
        }
    }

    /// (c): planning twice gives equal plans and byte-equal JSON; with the first run's address
    /// book, a YAML file listing the servers in another order gives the same server plans.
    @Test(arguments: seeds)
    func planningIsDeterministic(seed: UInt64) throws {
        let test = try Case(seed: seed)
        let again = Planner.plan(test.inventory, book: AddressBook())
        #expect(again.plan == test.plan, "\(test.tag): second plan differs")
        #expect(again.book == test.outcome.book, "\(test.tag): second book differs")
        #expect(
            again.plan.map { PlanJSON.render($0) } == PlanJSON.render(test.plan), "\(test.tag): JSON differs")

        var rng = SeededGenerator(seed: ~seed)
        var shuffled = test.model
        shuffled.servers.shuffle(using: &rng)
        let reordered = Planner.plan(try Case.load(shuffled.yaml, tag: test.tag), book: test.outcome.book)
        #expect(reordered.diagnostics.isEmpty, "\(test.tag): reordered: \(reordered.diagnostics)")
        let plan = try #require(reordered.plan, "\(test.tag): reordered: no plan")
        #expect(plan.links == test.plan.links, "\(test.tag): reordered: links differ")
        #expect(reordered.book == test.outcome.book, "\(test.tag): reordered: book differs")
        for server in test.plan.servers {
            let other = plan.server(named: server.name)
            #expect(other?.internalRoutes == server.internalRoutes, "\(test.tag): \(server.name): internal routes")
            #expect(other?.kernelRoutes == server.kernelRoutes, "\(test.tag): \(server.name): kernel routes")
            #expect(other?.pushedRoutes == server.pushedRoutes, "\(test.tag): \(server.name): pushed routes")
            #expect(other == server, "\(test.tag): \(server.name): server plan differs")
        }
        var sorted = (plan, test.plan)
        sorted.0.servers.sort { $0.name < $1.name }
        sorted.1.servers.sort { $0.name < $1.name }
        #expect(PlanJSON.render(sorted.0) == PlanJSON.render(sorted.1), "\(test.tag): reordered: JSON differs")
    }

    /// (d), (e): for every link, planning with it failed routes around it when the rest stays
    /// connected, and marks the cut-off side `.unreachable` when it does not; costs match the
    /// reference computed without the link.
    @Test(arguments: seeds)
    func failedLinksAreRoutedAround(seed: UInt64) throws {
        let test = try Case(seed: seed)
        for link in test.plan.links {
            let tag = "\(test.tag) failing \(link.id)"
            let plan = try test.replan(failing: [link.id])
            #expect(plan.failed == [link.id], "\(tag): plan.failed is \(plan.failed)")
            let problems = PlanAudit.problems(in: plan, method: test.method)
            #expect(problems.isEmpty, "\(tag):\n\(problems.joined(separator: "\n"))\n\(test.model.yaml)")
            for (end, peer) in [(link.dialer, link.listener), (link.listener, link.dialer)] {
                let over = plan.server(named: end)?.internalRoutes.filter { $0.via == .link(peer) } ?? []
                #expect(over.isEmpty, "\(tag): \(end) still routes \(over.map(\.prefix)) over the failed link")
            }
            let unreachable = plan.servers.flatMap(\.internalRoutes).filter { $0.via == .unreachable }
            let connected = ReferencePlanner(plan: plan).isConnected
            #expect(
                connected == unreachable.isEmpty,
                "\(tag): connected=\(connected) but \(unreachable.count) routes are unreachable")
        }
    }
}
