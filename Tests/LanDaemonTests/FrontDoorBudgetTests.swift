// The front door's reply budgets: a token bucket refills one token per interval up to its
// capacity; a source gets its own few replies, all sources share the global ones; a client
// session id already answered elsewhere is a replay; a real client's retransmissions from its
// own endpoint are not.

import LanValues
import LanWire
import Testing

@testable import LanDaemon

@Suite struct FrontDoorBudgetTests {
    func at(_ milliseconds: Int64) -> Timestamp { Timestamp(milliseconds: milliseconds) }

    @Test func aBucketRefillsOneTokenPerIntervalUpToItsCapacity() {
        var bucket = TokenBucket(capacity: 3, interval: .seconds(1), now: at(0))
        var taken: [Bool] = []
        for _ in 0..<5 { taken.append(bucket.take(now: at(0))) }
        #expect(taken == [true, true, true, false, false])
        let later = [999, 1000, 1500, 2000].map { bucket.take(now: at($0)) }
        #expect(later == [false, true, false, true])
        taken = []
        for _ in 0..<5 { taken.append(bucket.take(now: at(60_000))) }
        #expect(taken == [true, true, true, false, false])
    }

    @Test func oneSourceGetsItsOwnBudgetAndAllShareTheGlobalOne() {
        let limits = FrontDoorBudget.Limits()
        let budget = FrontDoorBudget(limits: limits, now: at(0))
        let one = IPv4Address(192, 0, 2, 9)
        let fromOne = (0..<50).filter { port in
            budget.admitReply(
                to: IPv4Endpoint(address: one, port: UInt16(1000 + port)), client: SessionID(UInt64(port) + 1),
                now: at(0)) == nil
        }
        #expect(fromOne.count == limits.perSource)
        let fromMany = (0..<500).filter { index in
            budget.admitReply(
                to: IPv4Endpoint(address: IPv4Address(0xC633_0000 + UInt32(index)), port: 1194),
                client: SessionID(UInt64(index) + 1000), now: at(0)) == nil
        }
        #expect(fromMany.count == limits.global - limits.perSource)
        #expect(
            budget.admitReply(to: IPv4Endpoint(address: one, port: 1), client: SessionID(9999), now: at(0))
                == "front door: reply budget of the source spent")
    }

    @Test func aSessionIDAnsweredElsewhereIsAReplayButItsOwnRetransmissionsAreNot() {
        let budget = FrontDoorBudget(now: at(0))
        let client = IPv4Endpoint(address: IPv4Address(192, 0, 2, 9), port: 40_000)
        let attacker = IPv4Endpoint(address: IPv4Address(198, 51, 100, 9), port: 40_000)
        #expect(budget.admitReply(to: client, client: SessionID(7), now: at(0)) == nil)
        #expect(budget.admitReply(to: client, client: SessionID(7), now: at(2000)) == nil, "a retransmission")
        #expect(
            budget.admitReply(to: attacker, client: SessionID(7), now: at(3000))
                == "front door: hard reset replayed from another source")
        // Remembered for a minute, then answered again (once).
        #expect(budget.admitReply(to: attacker, client: SessionID(7), now: at(63_000)) == nil)
    }
}
