// The front door of a real ServerDaemon, attacked in process: one authentic hard reset replayed
// from 3,000 source ports and from 3,000 source addresses creates no session and draws back at
// most one reply, never more bytes than it sent, while a member connects; 3,000 fresh authentic
// resets (a member holding the LAN's tls-crypt key can make them) stay within the reply
// budgets; resets forged from a connected member's endpoint leave its session and its ping
// stream intact; only a verified cookie for a new session id replaces that session.

import LanCrypto
import LanProtocol
import LanValues
import LanWire
import Testing

@testable import LanDaemon

@Suite(.serialized) struct InProcessFrontDoorTests {
    static let flooder = IPv4Address(192, 0, 2, 250)

    /// A LAN of two servers with `first` (10.43.0.2, of north) not yet connected.
    func lan() throws -> DaemonLAN { try DaemonLAN(InProcessMemberTests.yaml(relay: false), members: ["first"]) }

    func north(_ lan: DaemonLAN) -> IPv4Endpoint {
        let remote = lan.members["first"]!.daemon.profile.remotes[0]
        return IPv4Endpoint(address: IPv4Address(remote.host)!, port: UInt16(remote.port))
    }

    /// An authentic client packet sealed with the LAN's tls-crypt key, as a member could make.
    func sealed(_ packet: ControlPacket, _ lan: DaemonLAN, replayID: UInt32 = 1) throws -> [UInt8] {
        let crypt = try TLSCrypt(staticKey: lan.daemon("north").context.configuration.tlsCrypt, role: .client)
        return try TLSCryptFraming.seal(packet, replayID: PacketID(id: replayID, time: 1_795_000_000), with: crypt)
    }

    func reset(_ client: SessionID, _ lan: DaemonLAN) throws -> [UInt8] {
        try sealed(
            ControlPacket(
                opcodeByte: OpcodeByte(.controlHardResetClientV2, .initial), sessionID: client, messageID: MessageID(0)),
            lan)
    }

    /// Sessions north holds for sources other than the member's and south's.
    func floodSessions(_ lan: DaemonLAN, from sources: Set<IPv4Address>) -> Int {
        lan.daemon("north").connections.count { sources.contains($0.endpoint.address) }
    }

    /// Sends `packet(index)` from 3,000 sources (ports of one address, or addresses), 300 per
    /// 10 ms of simulated time while the member dials; returns the sources and the bytes sent.
    func flood(_ lan: DaemonLAN, fromAddresses addresses: Bool, packet: (Int) throws -> [UInt8]) throws -> (
        Set<IPv4Address>, Int
    ) {
        var sources: Set<IPv4Address> = []
        var bytes = 0
        for index in 0..<3000 {
            let source =
                addresses
                ? IPv4Endpoint(address: IPv4Address(0xC633_0000 + UInt32(index)), port: 1194)
                : IPv4Endpoint(address: Self.flooder, port: UInt16(10_000 + index))
            sources.insert(source.address)
            let datagram = try packet(index)
            lan.internet.inject(datagram, from: source, to: north(lan))
            bytes += datagram.count
            if index % 300 == 299 { try lan.run(for: .milliseconds(10)) }
        }
        return (sources, bytes)
    }

    @Test(arguments: [false, true])
    func oneResetReplayedFrom3000SourcesCreatesNothingWhileAMemberConnects(addresses: Bool) throws {
        let lan = try lan()
        let captured = try reset(SessionID(0x00C0_FFEE), lan)
        let (sources, requestBytes) = try flood(lan, fromAddresses: addresses) { _ in captured }
        let connected = try lan.run(until: { lan.everyMemberConnected }, within: .seconds(15))
        #expect(connected, "\(lan.members["first"]?.outcome ?? "-") \(lan.log.all.suffix(6))")
        #expect(floodSessions(lan, from: sources) == 0)
        let replyBytes = lan.internet.bytesSent(to: sources)
        #expect(replyBytes <= captured.count, "one reply at most: the rest are replays from other sources")
        #expect(replyBytes <= requestBytes)
        let counters = lan.daemon("north").counters
        #expect(counters.frontDoorResets >= 3000 && counters.frontDoorReplyBytes <= counters.frontDoorResetBytes)
        #expect((counters.drops["front door: hard reset replayed from another source"] ?? 0) >= 2999)
    }

    @Test(arguments: [false, true])
    func freshResetsFrom3000SourcesStayWithinTheBudgets(addresses: Bool) throws {
        let lan = try lan()
        let (sources, requestBytes) = try flood(lan, fromAddresses: addresses) {
            try reset(SessionID(UInt64($0) + 1), lan)
        }
        #expect(try lan.run(until: { lan.everyMemberConnected }, within: .seconds(15)))
        #expect(floodSessions(lan, from: sources) == 0, "no reply was answered, so no session")
        let replies = lan.internet.bytesSent(to: sources) / 54
        let limits = FrontDoorBudget.Limits()
        // One source: its own budget. Many: the global one (plus what it refilled meanwhile).
        #expect(replies <= (addresses ? limits.global + 2 * limits.globalPerSecond : limits.perSource))
        #expect(lan.internet.bytesSent(to: sources) <= requestBytes)
    }

    @Test func resetsForgedFromAMembersEndpointLeaveItsSessionAndPingsIntact() throws {
        let lan = try lan()
        #expect(try lan.run(until: { lan.everyMemberConnected }, within: .seconds(15)))
        let north = lan.daemon("north")
        let live = try #require(north.connections.first { $0.commonName == "first" })
        let closed = north.counters.sessionsClosed
        // The member's own reset, as an attacker on the path captured it, and fresh ones.
        let ownReset = try reset(try #require(live.session.remoteSessionID), lan)
        var sent = 0
        var arrived = 0
        for index in 0..<100 {
            lan.members["first"]!.tun.channel.inject(
                ipPacket(from: IPv4Address(10, 43, 0, 2), to: IPv4Address(10, 43, 0, 1), payload: [UInt8(index)]))
            sent += 1
            lan.internet.inject(ownReset, from: live.endpoint, to: self.north(lan))
            lan.internet.inject(
                try reset(SessionID(0xBAD0 + UInt64(index)), lan), from: live.endpoint, to: self.north(lan))
            try lan.run(for: .milliseconds(100))
            arrived += lan.tun("north").takeWritten().count
        }
        #expect(arrived == sent, "\(sent - arrived) of \(sent) pings lost")
        #expect(north.connections.first { $0.commonName == "first" } === live)
        #expect(north.counters.sessionsClosed == closed)
        #expect(lan.members["first"]?.outcome == nil)
    }

    @Test func onlyAVerifiedCookieForANewSessionReplacesTheLiveOne() throws {
        let lan = try lan()
        #expect(try lan.run(until: { lan.everyMemberConnected }, within: .seconds(15)))
        let north = lan.daemon("north")
        let live = try #require(north.connections.first { $0.commonName == "first" })
        let restarted = SessionID(0x5E55_1014)
        func proof(_ cookie: SessionID) throws -> [UInt8] {
            try sealed(
                ControlPacket(
                    opcodeByte: OpcodeByte(.ackV1, .initial), sessionID: restarted, acks: [MessageID(0)],
                    remoteSessionID: cookie, messageID: nil), lan, replayID: 2)
        }
        // A forged cookie changes nothing.
        lan.internet.inject(try proof(SessionID(0x1234)), from: live.endpoint, to: self.north(lan))
        try lan.run(for: .milliseconds(20))
        #expect(north.connections.first { $0.endpoint == live.endpoint } === live)
        #expect(north.counters.drops["front door: cookie did not verify"] == 1)
        // The cookie the server would have answered this endpoint's new reset with: it replaces.
        let cookie = north.sessions.cookie.sessionID(for: live.endpoint, client: restarted, now: north.context.now)
        lan.internet.inject(try proof(cookie), from: live.endpoint, to: self.north(lan))
        try lan.run(for: .milliseconds(20))
        let replacement = try #require(north.connections.first { $0.endpoint == live.endpoint })
        #expect(replacement !== live && replacement.session.remoteSessionID == restarted)
        #expect(replacement.session.localSessionID == cookie)
    }
}
