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

    @Test func allocatesFromTheMidpointAndLowestFreeHosts() throws {
        let outcome = try planOrFail(try loadText(Self.auto))
        let plan = try #require(outcome.plan)
        #expect(plan.server(named: "alpha")?.pools == [prefix("10.128.0.0/16")])
        #expect(plan.server(named: "bravo")?.pools == [prefix("10.129.0.0/16")])
        #expect(outcome.book.leases["ann"]?.address == IPv4Address(10, 128, 0, 2))
        #expect(outcome.book.leases["cy"]?.address == IPv4Address(10, 128, 0, 3))
        #expect(outcome.book.leases["bo"]?.address == IPv4Address(10, 129, 0, 2))
    }

    /// In 10.0.0.0/12 the upper half starts at 10.8.0.0, OpenVPN's default subnet, and 10.10 is
    /// a router default too; the lower half is used after the upper, 10.0 and 10.1 skipped. Home
    /// ranges are used only when nothing else is left, from the midpoint again.
    @Test func automaticPoolsAvoidHomeRouterRanges() throws {
        let servers = (1...14).map { "  - { name: s\($0), endpoint: 192.0.2.\($0) }" }.joined(separator: "\n")
        let yaml = "network: 10.0.0.0/12\ndefaults: { pool_prefix: 16 }\ntopology: mesh\nservers:\n" + servers
        let plan = try #require(try planOrFail(try loadText(yaml)).plan)
        let pools = (1...14).map { plan.server(named: "s\($0)")?.pools.first?.description ?? "-" }
        #expect(
            pools == [
                "10.9.0.0/16", "10.11.0.0/16", "10.12.0.0/16", "10.13.0.0/16", "10.14.0.0/16", "10.15.0.0/16",
                "10.2.0.0/16", "10.3.0.0/16", "10.4.0.0/16", "10.5.0.0/16", "10.6.0.0/16", "10.7.0.0/16",
                "10.8.0.0/16", "10.10.0.0/16",
            ])
        for pool in pools.prefix(12) {
            #expect(HomeRouterRanges.overlapping(prefix(pool)).isEmpty, "\(pool) is a home-router range")
        }
    }

    /// A network that is all home-router space still gets pools.
    @Test func aNetworkInsideAHomeRangeStillGetsPools() throws {
        let yaml = """
            network: 192.168.0.0/16
            defaults: { pool_prefix: 24 }
            servers:
              - { name: alpha, endpoint: 192.0.2.1 }
            """
        let plan = try #require(try planOrFail(try loadText(yaml)).plan)
        #expect(plan.server(named: "alpha")?.pools == [prefix("192.168.128.0/24")])
    }

    /// A pool recorded before automatic pools moved to the midpoint stays where it was.
    @Test func aPoolRecordedInAHomeRangeStays() throws {
        var book = AddressBook()
        book.pools["alpha"] = [prefix("10.0.0.0/16")]
        let outcome = try planOrFail(try loadText(Self.auto), book: book)
        #expect(outcome.book.pools["alpha"] == [prefix("10.0.0.0/16")])
        #expect(outcome.book.pools["bravo"] == [prefix("10.128.0.0/16")])
    }

    @Test func allocationSkipsExplicitPoolsAndSiteSubnets() throws {
        let yaml = """
            defaults: { pool_prefix: 16 }
            topology: mesh
            servers:
              - { name: alpha, endpoint: 192.0.2.1 }
              - { name: bravo, endpoint: 192.0.2.2, pools: [10.128.0.0/16], site_subnets: [10.129.4.0/24] }
            """
        let plan = try #require(try planOrFail(try loadText(yaml)).plan)
        #expect(plan.server(named: "alpha")?.pools == [prefix("10.130.0.0/16")])
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
        #expect(second.book.pools["zulu"] == [prefix("10.130.0.0/16")])
        #expect(second.book.leases["new1"]?.address == IPv4Address(10, 128, 0, 4))
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
        #expect(second.book.pools == ["bravo": [prefix("10.129.0.0/16")]])
        #expect(second.book.leases["bo"] == first.book.leases["bo"])
        #expect(second.book.leases["ann"] == nil)
    }

    @Test func adhocLeasesAreKept() throws {
        var book = try planOrFail(try loadText(Self.auto)).book
        book.leases["guest"] = AddressBook.Lease(server: "bravo", address: IPv4Address(10, 129, 0, 77), adhoc: true)
        let again = try planOrFail(try loadText(Self.auto), book: book)
        #expect(again.book.leases["guest"] == book.leases["guest"])
    }

    @Test func explicitPoolOverARecordedPoolIsAnErrorNotAMove() throws {
        let first = try planOrFail(try loadText(Self.auto))
        let clash = Self.auto.replacingOccurrences(
            of: "  - { name: bravo, endpoint: 192.0.2.2 }",
            with:
                "  - { name: bravo, endpoint: 192.0.2.2 }\n  - { name: delta, endpoint: 192.0.2.4, pools: [10.128.0.0/17] }"
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
        #expect(second.book.pools["alpha"] == [prefix("172.24.0.0/16")])
        #expect(second.book.leases["ann"]?.address == IPv4Address(172, 24, 0, 2))
    }
}
