// Address plan: allocation of pools and leases, and the promise that recorded pools and leases
// never move when servers or clients are added, removed or reordered.

import LanInventory
import LanPlan
import LanValues
import Testing

@Suite struct AddressPlanTests {
    static let auto = """
        defaults: { pool_prefix: 16 }
        topology: mesh
        servers:
          - { name: alpha, endpoint: 192.0.2.1 }
          - { name: bravo, endpoint: 192.0.2.2 }
        clients:
          - { name: ann, server: alpha }
          - { name: bo, server: bravo }
          - { name: cy, server: alpha }
        """

    @Test func allocatesLowestFreeAlignedBlocksAndHosts() throws {
        let outcome = try planOrFail(try loadText(Self.auto))
        let plan = try #require(outcome.plan)
        #expect(plan.server(named: "alpha")?.pools == [prefix("10.0.0.0/16")])
        #expect(plan.server(named: "bravo")?.pools == [prefix("10.1.0.0/16")])
        #expect(outcome.book.leases["ann"]?.address == IPv4Address(10, 0, 0, 2))
        #expect(outcome.book.leases["cy"]?.address == IPv4Address(10, 0, 0, 3))
        #expect(outcome.book.leases["bo"]?.address == IPv4Address(10, 1, 0, 2))
    }

    @Test func allocationSkipsExplicitPoolsAndSiteSubnets() throws {
        let yaml = """
            defaults: { pool_prefix: 16 }
            topology: mesh
            servers:
              - { name: alpha, endpoint: 192.0.2.1 }
              - { name: bravo, endpoint: 192.0.2.2, pools: [10.0.0.0/16], site_subnets: [10.1.4.0/24] }
            """
        let plan = try #require(try planOrFail(try loadText(yaml)).plan)
        #expect(plan.server(named: "alpha")?.pools == [prefix("10.2.0.0/16")])
    }

    @Test func addingAndReorderingServersMovesNothing() throws {
        let first = try planOrFail(try loadText(Self.auto))
        let grown = """
            defaults: { pool_prefix: 16 }
            topology: mesh
            servers:
              - { name: zulu, endpoint: 192.0.2.9 }
              - { name: bravo, endpoint: 192.0.2.2 }
              - { name: charlie, endpoint: 192.0.2.3 }
              - { name: alpha, endpoint: 192.0.2.1 }
            clients:
              - { name: new1, server: alpha }
              - { name: cy, server: alpha }
              - { name: bo, server: bravo }
              - { name: ann, server: alpha }
            """
        let second = try planOrFail(try loadText(grown), book: first.book)
        #expect(second.book.pools["alpha"] == first.book.pools["alpha"])
        #expect(second.book.pools["bravo"] == first.book.pools["bravo"])
        for name in ["ann", "bo", "cy"] {
            #expect(second.book.leases[name] == first.book.leases[name], "lease of \(name) moved")
        }
        #expect(second.book.pools["zulu"] == [prefix("10.2.0.0/16")])
        #expect(second.book.leases["new1"]?.address == IPv4Address(10, 0, 0, 4))
    }

    @Test func removingAServerKeepsTheOthers() throws {
        let first = try planOrFail(try loadText(Self.auto))
        let shrunk = """
            defaults: { pool_prefix: 16 }
            servers:
              - { name: bravo, endpoint: 192.0.2.2 }
            clients:
              - { name: bo, server: bravo }
            """
        let second = try planOrFail(try loadText(shrunk), book: first.book)
        #expect(second.book.pools == ["bravo": [prefix("10.1.0.0/16")]])
        #expect(second.book.leases["bo"] == first.book.leases["bo"])
        #expect(second.book.leases["ann"] == nil)
    }

    @Test func adhocLeasesAreKept() throws {
        var book = try planOrFail(try loadText(Self.auto)).book
        book.leases["guest"] = AddressBook.Lease(server: "bravo", address: IPv4Address(10, 1, 0, 77), adhoc: true)
        let again = try planOrFail(try loadText(Self.auto), book: book)
        #expect(again.book.leases["guest"] == book.leases["guest"])
    }

    @Test func explicitPoolOverARecordedPoolIsAnErrorNotAMove() throws {
        let first = try planOrFail(try loadText(Self.auto))
        let clash = Self.auto.replacingOccurrences(
            of: "  - { name: bravo, endpoint: 192.0.2.2 }",
            with:
                "  - { name: bravo, endpoint: 192.0.2.2 }\n  - { name: delta, endpoint: 192.0.2.4, pools: [10.0.0.0/17] }"
        )
        let outcome = Planner.plan(try loadText(clash), book: first.book)
        #expect(outcome.plan == nil)
        #expect(outcome.diagnostics.first?.message.contains("state folder records for server alpha") == true)
        #expect(outcome.diagnostics.first?.location.line == 6)
    }

    @Test func poolTooSmallForItsClients() throws {
        let yaml = """
            servers:
              - { name: alpha, endpoint: 192.0.2.1, pools: [10.0.0.0/30] }
            clients:
              - { name: a1, server: alpha }
              - { name: a2, server: alpha }
            """
        let outcome = Planner.plan(try loadText(yaml), book: AddressBook())
        #expect(outcome.plan == nil)
        let message = try #require(outcome.diagnostics.first)
        #expect(message.location.line == 2 && message.location.column == 49)
        #expect(message.message.contains("have room for 1 client address but 2 clients need one"))
    }

    @Test func networkFullOfPools() throws {
        let yaml = """
            network: 10.0.0.0/15
            defaults: { pool_prefix: 16 }
            topology: mesh
            servers:
              - { name: a, endpoint: 192.0.2.1 }
              - { name: b, endpoint: 192.0.2.2 }
              - { name: c, endpoint: 192.0.2.3 }
            """
        let outcome = Planner.plan(try loadText(yaml), book: AddressBook())
        #expect(
            outcome.diagnostics.map(\.message).contains {
                $0.hasPrefix("no free /16 block is left in 10.0.0.0/15 for server c")
            })
    }

    @Test func changingTheNetworkReallocatesPoolsOutsideIt() throws {
        let first = try planOrFail(try loadText(Self.auto))
        let moved = "network: 172.16.0.0/12\n" + Self.auto
        let second = try planOrFail(try loadText(moved), book: first.book)
        #expect(second.book.pools["alpha"] == [prefix("172.16.0.0/16")])
        #expect(second.book.leases["ann"]?.address == IPv4Address(172, 16, 0, 2))
    }
}
