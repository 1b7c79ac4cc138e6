// In-process member tests: real ServerDaemons and real `lanstitch up` clients (ClientDaemon)
// on fake hosts. A two-pool server with a member in each pool and a member of the other
// server, without and with the broadcast relay: every member reaches every other member and
// both servers' tunnel addresses, and the pushed subnet always holds the server's address (the
// route gateway). A member's packet with a source that is not its own is dropped and counted.
// A reload (SIGHUP) tells only the member whose lease changed to reconnect, and halts only a
// revoked member.

import LanHost
import LanLinux
import LanPKI
import LanValues
import Testing

@testable import LanDaemon

@Suite(.serialized) struct InProcessMemberTests {
    static func yaml(relay: Bool) -> String {
        """
        network: 10.0.0.0/8
        defaults: { protocols: [udp] }
        topology: explicit
        servers:
          - { name: north, endpoint: 203.0.113.40, pools: [10.43.0.0/16, 10.44.0.0/16] }
          - { name: south, endpoint: 198.51.100.40, pools: [10.45.0.0/16], uplinks: [north] }
        clients:
          - { name: first, server: north }
          - { name: second, server: north, address: 10.44.0.20 }
          - { name: southie, server: south }
        broadcast_relay: \(relay)
        """
    }

    static func address(_ text: String) -> IPv4Address { IPv4Address(text)! }

    func connectedLAN(relay: Bool) throws -> DaemonLAN {
        let lan = try DaemonLAN(Self.yaml(relay: relay), members: ["first", "second", "southie"])
        let ready = try lan.run(
            until: { lan.linkState("south", "north") == "up" && lan.everyLinkRouted && lan.everyMemberConnected },
            within: .seconds(20))
        #expect(ready, "not connected: \(lan.members.mapValues { $0.outcome ?? "-" }) \(lan.log.all.suffix(8))")
        return lan
    }

    @Test(arguments: [false, true])
    func everyMemberOfEitherPoolReachesEveryoneElse(relay: Bool) throws {
        let lan = try connectedLAN(relay: relay)
        let addresses = ["first": "10.43.0.2", "second": "10.44.0.20", "southie": "10.45.0.2"]
        for (name, address) in addresses {
            let interface = try #require(lan.members[name]?.interface)
            #expect(interface.hasPrefix(address + "/"), "\(name) got \(interface)")
            // The pushed subnet holds the server's address, the route gateway of every route.
            let length = Int(interface.split(separator: "/")[1])!
            let gateway = Self.address(name == "southie" ? "10.45.0.1" : "10.43.0.1")
            #expect(IPv4Prefix(Self.address(address), length: length).contains(gateway), "\(name): \(interface)")
            #expect(lan.members[name]?.connection?.pushed?.routeGateway == gateway)
            if relay { #expect(length == 8) }
        }
        #expect(lan.members["second"]?.interface == (relay ? "10.44.0.20/8" : "10.44.0.20/13"))
        // Every member to every other member, and to both servers' tunnel addresses.
        let servers = ["north": "10.43.0.1", "south": "10.45.0.1"]
        for (from, source) in addresses {
            for (to, destination) in addresses.merging(servers, uniquingKeysWith: { a, _ in a }) where to != from {
                let packet = ipPacket(from: Self.address(source), to: Self.address(destination), payload: [7])
                lan.members[from]!.tun.channel.inject(packet)
                try lan.run(for: .milliseconds(60))
                let tun = lan.members[to]?.tun.channel ?? lan.tun(to)
                let arrived = tun.takeWritten()
                #expect(arrived.count == 1, "\(from) -> \(to) (relay \(relay))")
                #expect(arrived.first.map { Array($0[12..<20]) } == Array(packet[12..<20]), "\(from) -> \(to)")
            }
        }
    }

    @Test func aMembersSpoofedSourceIsDroppedAndCounted() throws {
        let lan = try connectedLAN(relay: false)
        lan.members["second"]!.tun.channel.inject(
            ipPacket(from: Self.address("10.43.0.2"), to: Self.address("10.45.0.2"), payload: [1]))
        try lan.run(for: .milliseconds(60))
        #expect(lan.members["southie"]!.tun.channel.takeWritten().isEmpty)
        let spoofed = lan.daemon("north").connections.filter { $0.commonName == "second" }.map(\.counters.spoofed)
        #expect(spoofed == [1])
    }
}

/// Reloads (SIGHUP) with members connected: only the members the change touches are told.
@Suite(.serialized) struct InProcessReloadTests {
    func connectedLAN() throws -> DaemonLAN {
        let lan = try DaemonLAN(InProcessMemberTests.yaml(relay: false), members: ["first", "second", "southie"])
        let ready = try lan.run(
            until: { lan.linkState("south", "north") == "up" && lan.everyLinkRouted && lan.everyMemberConnected },
            within: .seconds(20))
        #expect(ready, "\(lan.log.all.suffix(8))")
        return lan
    }

    @Test func aChangedLeaseRestartsThatMemberOnly() throws {
        let lan = try connectedLAN()
        try lan.reloadAll { $0.replacingOccurrences(of: "address: 10.44.0.20", with: "address: 10.44.0.30") }
        try lan.run(for: .milliseconds(200))
        #expect(lan.members["second"]?.outcome?.contains("the server asked to reconnect") == true)
        #expect(lan.members["first"]?.outcome == nil && lan.members["first"]?.connection?.data != nil)
        #expect(lan.members["southie"]?.outcome == nil && lan.members["southie"]?.connection?.data != nil)
        // Reconnected, second has its new address.
        try lan.connect("second")
        #expect(try lan.run(until: { lan.everyMemberConnected }, within: .seconds(10)))
        #expect(lan.members["second"]?.interface == "10.44.0.30/13")
    }

    @Test func aRevokedMemberIsHaltedOnReloadAndTheOthersStay() throws {
        let lan = try connectedLAN()
        _ = try ClientRegistry.revoke("first", workspace: lan.lan.workspace, now: Int64(lan.clock.unixTime) - 60)
        try lan.reloadAll()
        try lan.run(for: .milliseconds(200))
        #expect(lan.members["first"]?.outcome?.contains("HALT") == true, "\(lan.members["first"]?.outcome ?? "-")")
        #expect(lan.members["second"]?.outcome == nil && lan.members["second"]?.connection?.data != nil)
        #expect(lan.members["southie"]?.outcome == nil && lan.members["southie"]?.connection?.data != nil)
    }
}

/// Renegotiation under traffic: a member sends a packet every 100 ms for 35 simulated seconds
/// across the link; every packet arrives while keys change three times.
@Suite struct InProcessRenegotiationTests {
    /// The member renegotiates (reneg-sec 10), or the servers do (key lifetime 10 s, members
    /// with none): either way keys change under traffic and nothing is lost.
    @Test(arguments: [true, false])
    func renegotiationUnderTrafficLosesNothing(byTheMember: Bool) throws {
        let lan = try DaemonLAN(
            InProcessMemberTests.yaml(relay: false), members: ["second", "southie"],
            renegotiateSeconds: byTheMember ? 10 : nil, serverKeyLifetime: byTheMember ? .seconds(3240) : .seconds(10))
        #expect(
            try lan.run(
                until: { lan.linkState("south", "north") == "up" && lan.everyLinkRouted && lan.everyMemberConnected },
                within: .seconds(20)))
        let from = IPv4Address(10, 44, 0, 20)
        let to = IPv4Address(10, 45, 0, 2)
        var sent = 0
        var arrived = 0
        for index in 0..<350 {
            lan.members["second"]!.tun.channel.inject(
                ipPacket(from: from, to: to, payload: [UInt8(index & 0xFF), UInt8(index >> 8)]))
            sent += 1
            try lan.run(for: .milliseconds(100))
            arrived += lan.members["southie"]!.tun.channel.takeWritten().count
        }
        let keys = lan.members["second"]?.connection?.keysInstalled ?? 0
        #expect(keys >= 4, "keys installed: \(keys) (the first and one per 10 s)")
        #expect(arrived == sent, "\(sent - arrived) of \(sent) packets lost across renegotiations")
        #expect(lan.members["second"]?.outcome == nil)
    }
}

/// Keys used up by packets: with the servers' limit lowered to 100 packets per key, 350
/// packets from a member to a member of the other server cross every limit (the link's and
/// the receiving member's keys are renegotiated by their server) and none is lost.
@Suite struct InProcessPacketLimitTests {
    @Test func keysUsedUpByPacketsAreRenegotiatedWithNothingLost() throws {
        let lan = try DaemonLAN(
            InProcessMemberTests.yaml(relay: false), members: ["second", "southie"], serverRenegotiationPacketID: 100)
        #expect(
            try lan.run(
                until: { lan.linkState("south", "north") == "up" && lan.everyLinkRouted && lan.everyMemberConnected },
                within: .seconds(20)))
        var arrived = 0
        for index in 0..<350 {
            lan.members["second"]!.tun.channel.inject(
                ipPacket(
                    from: IPv4Address(10, 44, 0, 20), to: IPv4Address(10, 45, 0, 2), payload: [UInt8(index & 0xFF)]))
            try lan.run(for: .milliseconds(50))
            arrived += lan.members["southie"]!.tun.channel.takeWritten().count
        }
        try lan.run(for: .seconds(1))
        arrived += lan.members["southie"]!.tun.channel.takeWritten().count
        #expect(arrived == 350, "\(350 - arrived) of 350 packets lost across renegotiations by packet count")
        let keys = lan.members["southie"]?.connection?.keysInstalled ?? 0
        #expect(keys >= 3, "southie's keys: \(keys); south renegotiates each 100 packets it seals to southie")
        let linkKeys = lan.daemon("south").dialers.first?.keysInstalled ?? 0
        #expect(linkKeys >= 3, "the link's keys: \(linkKeys); north renegotiates each 100 packets it seals")
    }
}
