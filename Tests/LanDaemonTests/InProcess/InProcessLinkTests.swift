// In-process daemon tests: two real ServerDaemons (real TLS, tls-crypt, data channel, routing)
// on fake hosts in one process, driven by simulated time. No root, no network namespaces.
// Scenarios: the link comes up and carries packets both ways; a spoofed source over the link
// is dropped and counted; a link stays up for 10 simulated minutes, over UDP and over TCP; a
// cut link is declared down within the keepalive timeout and comes back when the path mends;
// forged or overreaching link-state advertisements change no route, a genuine one does; a cut
// link in a mesh of three is rerouted through the third server.

import LanCrypto
import LanDataPlane
import LanHost
import LanLinux
import LanValues
import Testing

@testable import LanDaemon

@Suite(.serialized) struct InProcessLinkTests {
    /// north has two pools; south dials north, over UDP. The inventory's members are not
    /// started here.
    static let yaml = InProcessMemberTests.yaml(relay: false)

    static func address(_ text: String) -> IPv4Address { IPv4Address(text)! }

    func linkedLAN(_ yaml: String = yaml) throws -> DaemonLAN {
        let lan = try DaemonLAN(yaml)
        let up = try lan.run(
            until: {
                lan.linkState("south", "north") == "up" && lan.linkState("north", "south") == "up"
                    && lan.everyLinkRouted
            }, within: .seconds(10))
        #expect(up, "the link did not come up: \(lan.log.all.suffix(8))")
        return lan
    }

    @Test func forgedOrOverreachingAdvertisementsChangeNoRouteAGenuineOneDoes() throws {
        let yaml = Self.yaml.replacingOccurrences(
            of: "  - { name: southie, server: south }",
            with: "  - { name: southie, server: south }\n  - { name: wanderer, server: south, fallback: [north] }")
        let lan = try linkedLAN(yaml)
        let south = lan.daemon("south")
        let north = lan.daemon("north")
        let southie = try #require(south.context.configuration.leases["southie"])
        let wanderer = try #require(south.context.configuration.leases["wanderer"])
        func claim(_ member: IPv4Address, signedBy key: PrivateKey, sequence: UInt64) throws {
            let lsa = LinkStateAdvertisement(origin: "north", sequence: sequence, peers: ["south"], members: [member])
            south.router.receive(try lsa.signed(with: key), from: "north")
            try lan.run(for: .milliseconds(100))
        }
        let refused = { (reason: String) in south.counters.drops["link: LSA refused: \(reason)"] ?? 0 }
        // north claims southie (home south, no fallback), with north's own key: refused.
        try claim(southie, signedBy: north.context.configuration.key, sequence: UInt64.max - 10)
        #expect(refused("a member the plan does not give it") == 1)
        #expect(south.dataPlane.routes.lookup(southie) == .clients, "southie's route stayed")
        // Someone claims wanderer in north's name with another key: refused.
        try claim(wanderer, signedBy: try PrivateKey.generateP256(), sequence: UInt64.max - 9)
        #expect(refused("not signed by its origin") == 1)
        #expect(south.dataPlane.routes.lookup(wanderer) == .clients)
        // north itself says wanderer (fallback north) is connected there: south routes it over the link.
        try claim(wanderer, signedBy: north.context.configuration.key, sequence: UInt64.max - 8)
        #expect(south.dataPlane.routes.lookup(wanderer) == .link("north"), "a genuine claim re-plans")
        #expect(lan.log.all.contains { $0.contains("in the name of north refused") })
    }

    @Test func theLinkComesUpAndCarriesPacketsBothWays() throws {
        let lan = try linkedLAN()
        // Kernel routes are the plan's: each server routes the other's pools to its TUN device.
        // (A server's first pool is on its TUN device's subnet; its second pool gets a route.)
        #expect(
            Set(lan.hosts["north"]!.routes.owned.map(\.prefix.description)) == ["10.44.0.0/16", "10.45.0.0/16"])
        #expect(
            Set(lan.hosts["south"]!.routes.owned.map(\.prefix.description)) == ["10.43.0.0/16", "10.44.0.0/16"])
        #expect(lan.hosts["north"]!.network.calls.first == "tunnel lanstitch0 10.43.0.1/16 mtu 1500")
        // north's host sends to south's tunnel address; it leaves south's TUN as it was sent.
        let there = ipPacket(from: Self.address("10.43.0.1"), to: Self.address("10.45.0.1"), payload: [1, 2, 3])
        lan.tun("north").inject(there)
        try lan.run(for: .milliseconds(50))
        #expect(lan.tun("south").takeWritten() == [there])
        // And back, to north's address.
        let back = ipPacket(from: Self.address("10.45.0.1"), to: Self.address("10.43.0.1"), payload: [4])
        lan.tun("south").inject(back)
        try lan.run(for: .milliseconds(50))
        #expect(lan.tun("north").takeWritten() == [back])
        // To an address of north's second pool that no member holds: north answers with ICMP
        // host unreachable (type 3, code 1), which reaches south's host over the link.
        lan.tun("south").inject(ipPacket(from: Self.address("10.45.0.1"), to: Self.address("10.44.0.9"), payload: [4]))
        try lan.run(for: .milliseconds(50))
        let answer = lan.tun("south").takeWritten()
        #expect(answer.count == 1)
        #expect(answer.first.map { [$0[9], $0[20], $0[21]] } == [1, 3, 1], "ICMP host unreachable")
        #expect(answer.first.map { Array($0[16..<20]) } == [10, 45, 0, 1])
    }

    @Test func aSpoofedSourceOverTheLinkIsDroppedAndCounted() throws {
        let lan = try linkedLAN()
        let before = lan.daemon("south").counters.drops["link: source is not behind a server link"] ?? 0
        // north's host sends a packet claiming to come from south's own pool: south refuses it.
        lan.tun("north").inject(ipPacket(from: Self.address("10.45.7.7"), to: Self.address("10.45.0.1"), payload: [9]))
        try lan.run(for: .milliseconds(50))
        #expect(lan.tun("south").takeWritten().isEmpty)
        #expect(lan.daemon("south").counters.drops["link: source is not behind a server link"] == before + 1)
    }

    @Test func aLinkStaysUpForTenSimulatedMinutes() throws {
        let lan = try linkedLAN()
        let since = lan.daemon("south").status().links.first?.since
        for minute in 1...10 {
            try lan.run(for: .seconds(60), step: .milliseconds(100))
            #expect(lan.linkState("south", "north") == "up", "down after \(minute) min: \(lan.log.all.suffix(4))")
            #expect(lan.linkState("north", "south") == "up")
        }
        #expect(lan.daemon("south").status().links.first?.since == since, "the link was re-established")
        #expect(lan.daemon("south").counters.linkFailures == 0)
    }

    /// The cross-border fallback: a TCP-only link (a stream stays unauthenticated only until
    /// its peer is accepted, so the 60 s handshake timer never closes a live link).
    @Test func aTCPLinkStaysUpForTenSimulatedMinutes() throws {
        let lan = try linkedLAN(Self.yaml.replacingOccurrences(of: "protocols: [udp]", with: "protocols: [tcp]"))
        let link = try #require(lan.daemon("south").status().links.first)
        #expect(link.endpoint?.hasPrefix("tcp ") == true, "\(link.endpoint ?? "-")")
        for minute in 1...10 {
            try lan.run(for: .seconds(60), step: .milliseconds(100))
            #expect(lan.linkState("south", "north") == "up", "down after \(minute) min: \(lan.log.all.suffix(4))")
            #expect(lan.linkState("north", "south") == "up")
        }
        #expect(lan.daemon("south").status().links.first?.since == link.since, "the link was re-established")
        #expect(lan.daemon("north").counters.streamsAccepted == 1)
        let packet = ipPacket(from: Self.address("10.43.0.1"), to: Self.address("10.45.0.1"), payload: [8])
        lan.tun("north").inject(packet)
        try lan.run(for: .milliseconds(50))
        #expect(lan.tun("south").takeWritten() == [packet])
    }

    /// Slowloris: 300 TCP streams that never send a byte, opened before the link dials, do not
    /// keep the link out (an idle stream makes room at the cap), and are all closed within 5 s.
    @Test func idleTCPStreamsDoNotLockOutALink() throws {
        let lan = try DaemonLAN(Self.yaml.replacingOccurrences(of: "protocols: [udp]", with: "protocols: [tcp]"))
        let north = IPv4Endpoint(address: Self.address("203.0.113.40"), port: 1194)
        let idle = try (0..<300).map { _ in try lan.internet.connect(to: north, from: Self.address("192.0.2.66")) }
        let up = try lan.run(
            until: { lan.linkState("south", "north") == "up" && lan.linkState("north", "south") == "up" },
            within: .seconds(10))
        #expect(up, "the link did not come up past 300 idle streams: \(lan.log.all.suffix(4))")
        try lan.run(for: .seconds(6), step: .milliseconds(100))
        #expect(lan.daemon("north").streams.streams.count == 1, "only the link's stream is left")
        #expect(lan.linkState("south", "north") == "up")
        let drops = lan.daemon("north").counters.drops
        #expect(
            (drops["tcp: idle stream closed to make room"] ?? 0)
                + (drops["tcp: no packet within the first-packet window"] ?? 0)
                == idle.count)
        var buffer = [UInt8](repeating: 0, count: 16)
        #expect(
            try idle.allSatisfy { stream in try buffer.withUnsafeMutableBytes { try stream.read(into: $0) } == nil })
    }

    /// The accepting server renegotiates the link's keys (key lifetime 10 s): over a minute of
    /// traffic the link stays up, with the same `since`, and every packet arrives.
    @Test func aLinkRenegotiatedByTheAcceptingServerLosesNothing() throws {
        let lan = try DaemonLAN(Self.yaml, serverKeyLifetime: .seconds(10))
        #expect(
            try lan.run(
                until: { lan.linkState("south", "north") == "up" && lan.everyLinkRouted }, within: .seconds(10)))
        let since = lan.daemon("south").status().links.first?.since
        var arrived = 0
        for index in 0..<600 {
            lan.tun("north").inject(
                ipPacket(from: Self.address("10.43.0.1"), to: Self.address("10.45.0.1"), payload: [UInt8(index & 0xFF)])
            )
            try lan.run(for: .milliseconds(100))
            arrived += lan.tun("south").takeWritten().count
        }
        #expect(arrived == 600, "\(600 - arrived) of 600 packets lost across the link's renegotiations")
        let keys = lan.daemon("south").dialers.first?.keysInstalled ?? 0
        #expect(keys >= 6, "keys installed on the link: \(keys) (the first and one per 10 s)")
        #expect(lan.daemon("south").status().links.first?.since == since, "the link was re-established")
        #expect(lan.daemon("south").counters.linkFailures == 0)
    }

    @Test func aCutLinkIsDeclaredDownAndComesBackWhenThePathMends() throws {
        let lan = try linkedLAN()
        lan.internet.cut(Self.address("203.0.113.40"), Self.address("198.51.100.40"))
        let cutAt = lan.clock.elapsed
        let down = try lan.run(until: { lan.linkState("south", "north") != "up" }, within: .seconds(10))
        #expect(down)
        // link_timeout is 3 s (the default keepalive): declared down after 3 s, within one more ping.
        let noticed = lan.clock.elapsed - cutAt
        #expect(noticed >= .seconds(3) && noticed <= .seconds(4.5), "noticed after \(noticed)")
        lan.internet.mend(Self.address("203.0.113.40"), Self.address("198.51.100.40"))
        let back = try lan.run(
            until: { lan.linkState("south", "north") == "up" && lan.everyLinkRouted }, within: .seconds(30))
        #expect(back, "\(lan.log.all.suffix(6))")
        lan.tun("north").inject(ipPacket(from: Self.address("10.43.0.1"), to: Self.address("10.45.0.1"), payload: [5]))
        try lan.run(for: .milliseconds(50))
        #expect(lan.tun("south").takeWritten().count == 1)
    }

    /// A mesh of three: when the underlay between a and c is cut, a and c re-plan from link
    /// state and carry a's packets for c through b within simulated seconds; mended, the
    /// direct link is routed again.
    @Test func aCutLinkInAMeshIsReroutedThroughTheThirdServer() throws {
        let lan = try DaemonLAN(
            """
            network: 10.0.0.0/8
            defaults: { protocols: [udp] }
            topology: mesh
            servers:
              - { name: a, endpoint: 192.0.2.1, pools: [10.1.0.0/16] }
              - { name: b, endpoint: 192.0.2.2, pools: [10.2.0.0/16] }
              - { name: c, endpoint: 192.0.2.3, pools: [10.3.0.0/16] }
            clients:
              - { name: ann, server: a }
            """)
        let meshUp = {
            ["a", "b", "c"].allSatisfy { server in
                lan.daemon(server).status().links.count == 2
                    && lan.daemon(server).status().links.allSatisfy { $0.state.rawValue == "up" }
            } && lan.everyLinkRouted
        }
        #expect(try lan.run(until: meshUp, within: .seconds(20)), "\(lan.log.all.suffix(6))")
        let toC = Self.address("10.3.0.1")
        #expect(lan.daemon("a").dataPlane.routes.lookup(toC) == .link("c"))
        lan.internet.cut(Self.address("192.0.2.1"), Self.address("192.0.2.3"))
        let cutAt = lan.clock.elapsed
        let rerouted = try lan.run(
            until: { lan.daemon("a").dataPlane.routes.lookup(toC) == .link("b") }, within: .seconds(10))
        #expect(rerouted, "a still routes c's pool \(String(describing: lan.daemon("a").dataPlane.routes.lookup(toC)))")
        let took = lan.clock.elapsed - cutAt
        #expect(took <= .seconds(5), "re-planned after \(took)")
        try lan.run(for: .milliseconds(200))
        lan.tun("a").inject(ipPacket(from: Self.address("10.1.0.1"), to: toC, payload: [7]))
        try lan.run(for: .milliseconds(100))
        let arrived = lan.tun("c").takeWritten()
        #expect(arrived.count == 1, "a's packet for c did not arrive through b")
        #expect(
            arrived.first.map { $0[8] } == 63, "b, the one in-process hop of the detour, took the TTL from 64 to 63")
        lan.internet.mend(Self.address("192.0.2.1"), Self.address("192.0.2.3"))
        #expect(
            try lan.run(until: { lan.daemon("a").dataPlane.routes.lookup(toC) == .link("c") }, within: .seconds(30)))
    }
}
