// The server's stateless start, client against server over the noisy wire under a manual clock:
// the front door keeps nothing until the client's answer proves the cookie, and the restored
// session then continues as if it had sent the reply — our msg-id 1 first, the client's msg-id
// 0 ACKed, replay ids above the reply's — under loss, duplication and reordering, and when
// the first replies are lost (answered again, statelessly, as the client retransmits).

import LanCrypto
import LanProtocol
import LanTestKit
import LanValues
import LanWire
import Testing

@Suite(.serialized) struct StatelessSessionTests {
    func harness(seed: UInt64, _ conditions: NoisyWire<[UInt8]>.Conditions, lan: TestLAN) throws -> SessionHarness {
        let harness = try SessionHarness(
            seed: seed, conditions: conditions, lan: lan, clientContext: try lan.context(.client, name: "dana"))
        harness.stateless = true
        return harness
    }

    static func bothHaveKeys(_ harness: SessionHarness) -> Bool {
        SessionHarness.keys(harness.clientEvents, 0) != nil && SessionHarness.keys(harness.serverEvents, 0) != nil
    }

    @Test func aRestoredSessionCompletesTheHandshakeOnACleanWire() throws {
        let lan = try TestLAN()
        let harness = try harness(seed: 5, .clean(), lan: lan)
        #expect(harness.run(until: .seconds(30), Self.bothHaveKeys), "\(harness.clientEvents) \(harness.serverEvents)")
        #expect(harness.replies == 1 && harness.frontDoorDrops == 0)
        let client = try #require(SessionHarness.keys(harness.clientEvents, 0))
        let server = try #require(SessionHarness.keys(harness.serverEvents, 0))
        #expect(try dataFlows(from: client, to: server))
        #expect(try dataFlows(from: server, to: client))
        #expect(harness.server?.remoteSessionID == harness.client.localSessionID)
        #expect(harness.client.remoteSessionID == harness.server?.localSessionID)
    }

    @Test func theRestoredSessionContinuesTheRepliedExchange() throws {
        let lan = try TestLAN()
        let harness = try harness(seed: 6, .clean(), lan: lan)
        let opener = try TLSCrypt(staticKey: lan.tlsCrypt, role: .client)
        _ = harness.run(until: .seconds(5)) { !$0.serverSent.isEmpty }
        let restoredAt = try #require(harness.firstSentAt)
        let (packet, replayID) = try TLSCryptFraming.authenticate(harness.serverSent[0], with: opener)
        // The proof was the client's ClientHello (msg-id 1, ACK [0]): our first packet carries
        // our msg-id 1 (our reset was 0) and ACKs both of the client's, 1 and its reset 0.
        #expect(packet.opcodeByte.opcode == .controlV1 && packet.messageID == MessageID(1))
        #expect(
            Set(packet.acks) == [MessageID(0), MessageID(1)] && packet.remoteSessionID == harness.client.localSessionID)
        #expect(replayID.id == StatelessReset.firstSessionReplayID(at: restoredAt))
    }

    @Test func aRestoredSessionSurvivesLossDuplicationAndReordering() throws {
        let lan = try TestLAN()
        for seed in TestSeeds.list(count: 12, salt: 0xC00C) {
            let harness = try harness(seed: seed, noisy, lan: lan)
            let done = harness.run(until: .seconds(55), Self.bothHaveKeys)
            #expect(done, "seed \(seed): \(harness.wire.statistics) \(harness.clientEvents) \(harness.serverEvents)")
            if let client = SessionHarness.keys(harness.clientEvents, 0),
                let server = SessionHarness.keys(harness.serverEvents, 0)
            {
                #expect(try dataFlows(from: client, to: server), "seed \(seed)")
            }
        }
    }

    @Test(arguments: [1, 2, 3])
    func lostRepliesAreAnsweredAgainStatelessly(lost: Int) throws {
        let lan = try TestLAN()
        let harness = try harness(seed: 7, .clean(), lan: lan)
        harness.lostReplies = lost
        #expect(harness.run(until: .seconds(40), Self.bothHaveKeys), "\(harness.clientEvents)")
        #expect(harness.replies == lost + 1, "one reply per reset the client sent")
    }
}
