// ServerCounters: drops by reason keep a bounded set of reasons (memory, metric labels).

import LanValues
import Testing

@testable import LanDataPlane

@Suite struct ServerCountersTests {
    @Test func reasonsPastTheCapCountAsOther() {
        var counters = ServerCounters()
        for index in 0..<100 { counters.drop("reason \(index)") }
        counters.drop("reason 0")
        #expect(counters.drops.count == ServerCounters.maxDropReasons + 1)
        #expect(counters.drops["reason 0"] == 2)
        #expect(counters.drops["other"] == 100 - ServerCounters.maxDropReasons)
        #expect(counters.drops.values.reduce(0, +) == 101)
    }
}
