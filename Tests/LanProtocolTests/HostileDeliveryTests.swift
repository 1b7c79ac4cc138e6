// Property tests of the reliability layer under hostile delivery: two ends exchange 200
// payloads each way over a seeded NoisyWire, under a ManualClock, for 100+ seeds. Every payload
// must arrive exactly once, in order, within a bounded simulated time. A failure names its
// seed; replay it with
//   LANSTITCH_SEED=<seed> swift test --filter HostileDeliveryTests

import LanProtocol
import LanTestKit
import LanWire
import Testing

@Suite struct HostileDeliveryTests {
    static let messages = 200
    /// Simulated time allowed for a lossy exchange. Typical runs take well under a minute;
    /// the bound leaves room for a payload lost five times in a row (2+4+8+16+32 s of backoff).
    static let lossyLimit: Duration = .seconds(300)

    static let lossy = NoisyWire<ReliablePacket>.Conditions(
        dropProbability: 0.10, duplicateProbability: 0.10, reorderProbability: 0.10,
        latency: .milliseconds(20), jitter: .milliseconds(10), reorderDelay: .milliseconds(150))

    /// Checks that both ends received the other's payloads exactly once, in order.
    static func expectExactlyOnceInOrder(_ exchange: Exchange, tag: String) {
        for end in NoisyWire<ReliablePacket>.End.allCases {
            let got = exchange.delivered[end]!
            let want = exchange.expected(at: end)
            guard got != want else { continue }
            let firstWrong =
                zip(got, want).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(got.count, want.count)
            Issue.record(
                "\(tag): end \(end) got \(got.count) payloads, wanted \(want.count); first difference at #\(firstWrong)"
            )
        }
    }

    @Test(arguments: TestSeeds.list(count: 100, salt: 0x7E1))
    func lossyDuplicatingReorderingWireDeliversEverythingOnceInOrder(seed: UInt64) {
        let tag = "seed \(TestSeeds.describe(seed))"
        var exchange = Exchange(seed: seed, conditions: Self.lossy, count: Self.messages)
        let outcome = exchange.run(limit: Self.lossyLimit)
        #expect(outcome.finished, "\(tag): not finished after \(outcome.elapsed) (\(outcome.statistics))")
        Self.expectExactlyOnceInOrder(exchange, tag: tag)
        #expect(outcome.statistics.dropped > 0 && outcome.statistics.duplicated > 0, "\(tag): the wire was not hostile")
        #expect(outcome.statistics.heldBack > 0, "\(tag): the wire never reordered")
        #expect(outcome.retransmissions > 0, "\(tag): losses but no retransmission")
    }

    @Test(arguments: TestSeeds.list(count: 100, salt: 0x7E2))
    func losslessWireNeedsNoRetransmission(seed: UInt64) {
        let tag = "seed \(TestSeeds.describe(seed))"
        let conditions = NoisyWire<ReliablePacket>.Conditions(
            duplicateProbability: 0.10, latency: .milliseconds(20 + Int64(seed % 80)))
        var exchange = Exchange(seed: seed, conditions: conditions, count: Self.messages)
        let outcome = exchange.run(limit: .seconds(60))
        #expect(outcome.finished, "\(tag): not finished after \(outcome.elapsed)")
        Self.expectExactlyOnceInOrder(exchange, tag: tag)
        #expect(outcome.retransmissions == 0, "\(tag): \(outcome.retransmissions) retransmissions on a lossless wire")
        #expect(outcome.statistics.dropped == 0)
    }

    @Test func cleanWireFinishesInWindowSizedRoundTrips() {
        var exchange = Exchange(seed: 1, conditions: .clean(latency: .milliseconds(50)), count: Self.messages)
        let outcome = exchange.run(limit: .seconds(60))
        #expect(outcome.finished)
        Self.expectExactlyOnceInOrder(exchange, tag: "clean wire")
        #expect(outcome.retransmissions == 0)
        // 200 payloads, 6 per 100 ms round trip: 34 round trips.
        #expect(outcome.elapsed <= .milliseconds(34 * 100 + 100), "took \(outcome.elapsed)")
    }

    @Test func aWireThatDropsEverythingNeverFinishes() {
        // The harness can fail: with every packet lost, nothing is delivered before the limit.
        let conditions = NoisyWire<ReliablePacket>.Conditions(dropProbability: 1)
        var exchange = Exchange(seed: 2, conditions: conditions, count: 5)
        let outcome = exchange.run(limit: .seconds(30))
        #expect(!outcome.finished)
        #expect(exchange.delivered[.a]!.isEmpty && exchange.delivered[.b]!.isEmpty)
        #expect(outcome.retransmissions > 0)
    }
}
