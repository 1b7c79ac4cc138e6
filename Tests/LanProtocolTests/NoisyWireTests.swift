// NoisyWire and ManualClock (LanTestKit): the fakes behave as named — a clean wire delivers in
// order after its latency, the noise is reproducible per seed, and rates follow the settings.

import LanTestKit
import Testing

@Suite struct NoisyWireTests {
    @Test func aCleanWireDeliversInOrderAfterItsLatency() {
        var wire = NoisyWire<Int>(seed: 0, conditions: .clean(latency: .milliseconds(30)))
        for value in 0..<5 { wire.send(value, from: .a, now: .milliseconds(Int64(value))) }
        wire.send(99, from: .b, now: .zero)
        #expect(wire.deliver(now: .milliseconds(29)).isEmpty)
        #expect(wire.nextArrival == .milliseconds(30))
        let arrived = wire.deliver(now: .milliseconds(40))
        #expect(arrived.map(\.packet) == [0, 99, 1, 2, 3, 4])
        #expect(arrived.map(\.to) == [.b, .a, .b, .b, .b, .b])
        #expect(wire.inTransitCount == 0 && wire.nextArrival == nil)
    }

    @Test func equalSeedsGiveEqualDeliveries() {
        func run(_ seed: UInt64) -> [Int] {
            let conditions = NoisyWire<Int>.Conditions(
                dropProbability: 0.2, duplicateProbability: 0.2, reorderProbability: 0.3, jitter: .milliseconds(5))
            var wire = NoisyWire<Int>(seed: seed, conditions: conditions)
            for value in 0..<200 { wire.send(value, from: .a, now: .milliseconds(Int64(value))) }
            return wire.deliver(now: .seconds(10)).map(\.packet)
        }
        #expect(run(7) == run(7))
        #expect(run(7) != run(8))
    }

    @Test func ratesFollowTheConditions() {
        let conditions = NoisyWire<Int>.Conditions(
            dropProbability: 0.1, duplicateProbability: 0.1, reorderProbability: 0.1)
        var wire = NoisyWire<Int>(seed: 3, conditions: conditions)
        for value in 0..<10_000 { wire.send(value, from: .a, now: .zero) }
        let stats = wire.statistics
        #expect((800...1200).contains(stats.dropped), "\(stats)")
        #expect((700...1100).contains(stats.duplicated), "\(stats)")
        let arrived = wire.deliver(now: .seconds(1)).map(\.packet)
        #expect(arrived.count == 10_000 - stats.dropped + stats.duplicated)
        #expect(arrived != arrived.sorted(), "held-back packets are overtaken")
    }

    @Test func theManualClockMovesOnlyForward() {
        var clock = ManualClock()
        #expect(clock.now == .zero)
        clock.advance(by: .seconds(2))
        clock.advance(to: .seconds(1))
        #expect(clock.now == .seconds(2))
        clock.advance(to: .milliseconds(2500))
        #expect(clock.now == .milliseconds(2500))
    }
}
