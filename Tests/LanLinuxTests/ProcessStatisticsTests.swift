// ProcessStatistics: /proc/self/stat fields counted after the command name (which may hold
// spaces and parentheses), boot time from /proc/stat; and a real reading of this process.

import Testing

@testable import LanLinux

@Suite struct ProcessStatisticsTests {
    @Test func fieldsAreCountedAfterTheCommandName() throws {
        let stat =
            "4242 (lan stitch (x)) S 1 4242 4242 0 -1 4194560 900 0 0 0 250 125 0 0 20 0 3 0 100000 "
            + "123456789 2500 18446744073709551615 1 1 0 0 0 0 0 4096 0 0 0 0 17 1 0 0 0 0 0\n"
        let system = "cpu  1 2 3\nbtime 1763790000\nprocesses 10\n"
        let parsed = try #require(
            ProcessStatistics.parse(stat: stat, system: system, ticksPerSecond: 100, pageSize: 4096))
        #expect(parsed.cpuSeconds == 3.75)
        #expect(parsed.startTime == 1_763_790_000 + 1000)
        #expect(parsed.residentBytes == 2500 * 4096)
        #expect(ProcessStatistics.parse(stat: "garbage", system: system, ticksPerSecond: 100, pageSize: 4096) == nil)
    }

    @Test func thisProcessHasMemoryAndDescriptors() throws {
        let reading = try #require(ProcessStatistics.read())
        #expect(reading.residentBytes > 1 << 20)
        #expect(reading.startTime > 1_600_000_000)
        #expect((reading.openDescriptors ?? 0) >= 3)
    }
}
