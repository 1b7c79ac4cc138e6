// The ICMP error allowance: a burst is cut at the per-second limit and refilled next second.

import LanForwarding
import Testing

@Suite struct ICMPBudgetTests {
    @Test func aFloodIsCutAtTheLimitAndTheNextSecondRefills() {
        var budget = ICMPBudget(perSecond: 3)
        let first = (0..<10).map { budget.take(atMilliseconds: 5_000 + Int64($0)) }
        #expect(first == [true, true, true] + Array(repeating: false, count: 7))
        let lateInTheSecond = budget.take(atMilliseconds: 5_999)
        let nextSecond = budget.take(atMilliseconds: 6_000)
        #expect(!lateInTheSecond)
        #expect(nextSecond)
    }
}
