// The control session, client against server in process over a noisy wire and a manual clock,
// with real TLS and tls-crypt: the handshake completes and both sides derive the same data
// keys (data then flows), under loss, duplication and reordering; renegotiation moves both to
// key 1 and retires key 0; refused and foreign clients are closed.

import LanCrypto
import LanProtocol
import LanTestKit
import LanValues
import LanWire
import Testing

/// Seals a packet with `sender`'s keys and opens it with `receiver`'s; true when it round-trips.
func dataFlows(from sender: DataChannelKeys, to receiver: DataChannelKeys) throws -> Bool {
    let sealer = try sender.makeSealer()
    let opener = try receiver.makeOpener()
    var header: [UInt8] = [0x48, 0, 0, 0, 0, 0, 0, 1]
    var payload = Array("ping through the tunnel".utf8)
    let original = payload
    var tag = [UInt8](repeating: 0, count: 16)
    try header.withUnsafeMutableBytes { aad in
        try payload.withUnsafeMutableBytes { body in
            try tag.withUnsafeMutableBytes {
                try sealer.seal(packetID: 1, aad: UnsafeRawBufferPointer(aad), payload: body, tag: $0)
            }
        }
    }
    guard payload != original else { return false }
    let opened = try header.withUnsafeMutableBytes { aad in
        try payload.withUnsafeMutableBytes { body in
            try tag.withUnsafeBytes {
                try opener.open(packetID: 1, aad: UnsafeRawBufferPointer(aad), payload: body, tag: $0)
            }
        }
    }
    return opened && payload == original
}

let noisy = NoisyWire<[UInt8]>.Conditions(
    dropProbability: 0.10, duplicateProbability: 0.10, reorderProbability: 0.10, latency: .milliseconds(30),
    jitter: .milliseconds(20), reorderDelay: .milliseconds(80))

@Suite(.serialized) struct SessionTests {
    @Test func handshakePushAndKeysOverACleanWire() throws {
        let lan = try TestLAN()
        let harness = try SessionHarness(
            seed: 1, conditions: .clean(), lan: lan, clientContext: try lan.context(.client, name: "alice"))
        let done = harness.run(until: .seconds(30)) {
            SessionHarness.keys($0.clientEvents, 0) != nil && SessionHarness.keys($0.serverEvents, 0) != nil
        }
        #expect(done, "client events: \(harness.clientEvents), server events: \(harness.serverEvents)")
        let pushed = harness.clientEvents.compactMap { event -> PushReply? in
            if case .configured(let reply) = event { return reply } else { return nil }
        }
        #expect(pushed.first?.ifconfig?.address == IPv4Address(10, 249, 0, 2))
        #expect(pushed.first?.usesTLSEKM == true)
        let names = harness.serverEvents.compactMap { event -> String? in
            if case .peerAuthenticated(let name, _, _) = event { return name } else { return nil }
        }
        #expect(names == ["alice"])
        let client = try #require(SessionHarness.keys(harness.clientEvents, 0))
        let server = try #require(SessionHarness.keys(harness.serverEvents, 0))
        #expect(try dataFlows(from: client, to: server))
        #expect(try dataFlows(from: server, to: client))
        #expect(harness.frontDoorDrops == 0)
    }

    @Test func handshakeSurvivesLossDuplicationAndReordering() throws {
        let lan = try TestLAN()
        for seed in TestSeeds.list(count: 12, salt: 0x5E55) {
            let harness = try SessionHarness(
                seed: seed, conditions: noisy, lan: lan, clientContext: try lan.context(.client, name: "bob"))
            let done = harness.run(until: .seconds(55)) {
                SessionHarness.keys($0.clientEvents, 0) != nil && SessionHarness.keys($0.serverEvents, 0) != nil
            }
            #expect(
                done,
                "seed \(seed): \(harness.wire.statistics) client \(harness.clientEvents) server \(harness.serverEvents)"
            )
            if let client = SessionHarness.keys(harness.clientEvents, 0),
                let server = SessionHarness.keys(harness.serverEvents, 0)
            {
                #expect(try dataFlows(from: client, to: server), "seed \(seed)")
            }
        }
    }

    @Test func renegotiationUnderNoiseAndTrafficMovesBothSidesToKeyOne() throws {
        let lan = try TestLAN()
        for seed in TestSeeds.list(count: 4, salt: 0x4E60) {
            let harness = try SessionHarness(
                seed: seed, conditions: noisy, lan: lan, clientContext: try lan.context(.client, name: "carol"),
                renegotiateAfter: .seconds(20))
            // Traffic: every 100 ms of simulated time, each side's DataChannel seals a packet
            // with the key it chooses to send with, and the other side's must open it.
            let traffic = Traffic()
            var sent = 0
            var lostToRenegotiation = 0
            var lastSend = Duration.zero
            let done = harness.run(until: .seconds(120)) { harness in
                traffic.install(harness)
                if harness.clock.now - lastSend >= .milliseconds(100), traffic.ready {
                    lastSend = harness.clock.now
                    sent += 1
                    if !traffic.exchange(now: harness.now) { lostToRenegotiation += 1 }
                }
                return SessionHarness.keys(harness.clientEvents, 1) != nil
                    && SessionHarness.keys(harness.serverEvents, 1) != nil
                    && harness.serverEvents.contains {
                        if case .keysRetired(let id) = $0 { return id.value == 0 } else { return false }
                    }
            }
            #expect(done, "seed \(seed): client \(harness.clientEvents) server \(harness.serverEvents)")
            #expect(sent > 100, "seed \(seed): only \(sent) packets sent")
            #expect(
                lostToRenegotiation == 0,
                "seed \(seed): \(lostToRenegotiation) of \(sent) packets had no key to open them")
            if let client = SessionHarness.keys(harness.clientEvents, 1),
                let server = SessionHarness.keys(harness.serverEvents, 1)
            {
                #expect(try dataFlows(from: client, to: server), "seed \(seed)")
                #expect(
                    client.encryptKey != SessionHarness.keys(harness.clientEvents, 0)?.encryptKey, "key 1 must be new")
            }
            #expect(
                SessionHarness.closed(harness.clientEvents) == nil && SessionHarness.closed(harness.serverEvents) == nil
            )
        }
    }

    @Test func aRefusedClientIsToldAuthFailed() throws {
        let lan = try TestLAN()
        let harness = try SessionHarness(
            seed: 3, conditions: .clean(), lan: lan, clientContext: try lan.context(.client, name: "mallory"))
        harness.refuse = true
        let done = harness.run(until: .seconds(30)) { SessionHarness.closed($0.clientEvents) != nil }
        #expect(done)
        #expect(SessionHarness.closed(harness.clientEvents)?.hasPrefix("AUTH_FAILED") == true)
        #expect(SessionHarness.keys(harness.clientEvents, 0) == nil)
    }

    @Test func aClientFromAnotherCAIsClosedWithoutKeys() throws {
        let lan = try TestLAN()
        let other = try TestLAN()
        let harness = try SessionHarness(
            seed: 4, conditions: .clean(), lan: lan, clientContext: try lan.context(.client, name: "eve", issuer: other)
        )
        let done = harness.run(until: .seconds(30)) { SessionHarness.closed($0.serverEvents) != nil }
        #expect(done, "server events: \(harness.serverEvents)")
        #expect(SessionHarness.closed(harness.serverEvents)?.contains("unable to get local issuer certificate") == true)
        #expect(SessionHarness.keys(harness.serverEvents, 0) == nil)
        #expect(
            !harness.serverEvents.contains { if case .peerAuthenticated = $0 { return true } else { return false } })
    }

    /// A client that cannot export TLS keying material (IV_PROTO without bit 3, like clients
    /// before 2.6) gets no tls-ekm in its push, and both sides fall back to the OpenVPN PRF.
    @Test func withoutEKMBothSidesDeriveKeysWithThePRF() throws {
        let lan = try TestLAN()
        let legacy = clientPeerInfo.replacingOccurrences(of: "IV_PROTO=142", with: "IV_PROTO=134")
        let harness = try SessionHarness(
            seed: 5, conditions: noisy, lan: lan, clientContext: try lan.context(.client, name: "dave"),
            peerInfo: legacy)
        let done = harness.run(until: .seconds(55)) {
            SessionHarness.keys($0.clientEvents, 0) != nil && SessionHarness.keys($0.serverEvents, 0) != nil
        }
        #expect(done, "client \(harness.clientEvents) server \(harness.serverEvents)")
        let pushed = harness.clientEvents.compactMap { event -> PushReply? in
            if case .configured(let reply) = event { return reply } else { return nil }
        }
        #expect(pushed.first?.usesTLSEKM == false)
        if let client = SessionHarness.keys(harness.clientEvents, 0),
            let server = SessionHarness.keys(harness.serverEvents, 0)
        {
            #expect(try dataFlows(from: client, to: server))
            #expect(try dataFlows(from: server, to: client))
        }
    }
}

/// Both sides' data channels in a session test: keys installed as the sessions report them,
/// one packet each way per exchange.
final class Traffic {
    let client = DataChannel(peerID: PeerID(0)!)
    let server = DataChannel(peerID: PeerID(0)!)
    var installedClient = 0
    var installedServer = 0

    var ready: Bool { client.isReady && server.isReady }

    func install(_ harness: SessionHarness) {
        for case .keysReady(let id, let keys) in harness.clientEvents.dropFirst(installedClient) {
            try? client.install(id, keys, now: harness.now)
        }
        installedClient = harness.clientEvents.count
        for case .keysReady(let id, let keys) in harness.serverEvents.dropFirst(installedServer) {
            try? server.install(id, keys, now: harness.now)
        }
        installedServer = harness.serverEvents.count
    }

    /// True when a packet from each side opened on the other.
    func exchange(now: Timestamp) -> Bool {
        carries(from: client, to: server, now: now) && carries(from: server, to: client, now: now)
    }

    func carries(from sender: DataChannel, to receiver: DataChannel, now: Timestamp) -> Bool {
        var packet = [UInt8](repeating: 0, count: DataChannel.overhead) + Array("a packet during renegotiation".utf8)
        return packet.withUnsafeMutableBytes { bytes in
            guard (try? sender.seal(bytes, now: now)) == true,
                let opened = try? receiver.open(bytes, nowSeconds: UInt64(now.milliseconds / 1000))
            else { return false }
            if case .success = opened { return true } else { return false }
        }
    }
}
