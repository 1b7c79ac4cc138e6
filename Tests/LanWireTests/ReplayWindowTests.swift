// Tests of the replay window (reference §3.6, §9.4): the rules one by one, then against a naive
// reference (a dictionary of every id seen, with its arrival time) on seeded random sequences
// that reorder, duplicate, jump and let time pass.

import LanTestKit
import LanWire
import Testing

/// The rule of ReplayWindow written the slow, obvious way.
struct NaiveReplayWindow {
    var sequenceTime: UInt32 = 0
    var highest: UInt32 = 0
    var arrivals: [UInt32: UInt64] = [:]

    func check(_ packetID: PacketID, now: UInt64) -> ReplayVerdict {
        if packetID.id == 0 { return .zeroID }
        if packetID.time > sequenceTime { return .accepted }
        if packetID.time < sequenceTime { return .timeBacktrack }
        if packetID.id > highest { return .accepted }
        if highest - packetID.id >= 64 { return .outsideWindow }
        if arrivals[packetID.id] != nil { return .replayed }
        let expired = arrivals.contains { id, arrival in id > packetID.id && now > arrival && now - arrival > 15 }
        return expired ? .expired : .accepted
    }

    mutating func admit(_ packetID: PacketID, now: UInt64) -> ReplayVerdict {
        let verdict = check(packetID, now: now)
        guard verdict == .accepted else { return verdict }
        if packetID.time != sequenceTime {
            sequenceTime = packetID.time
            highest = 0
            arrivals = [:]
        }
        highest = max(highest, packetID.id)
        arrivals[packetID.id] = now
        return verdict
    }
}

@Suite struct ReplayWindowTests {
    @Test func rulesOneByOne() {
        var window = ReplayWindow()
        #expect(window.admit(PacketID(id: 0), now: 0) == .zeroID)
        #expect(window.admit(PacketID(id: 1), now: 0) == .accepted)
        #expect(window.admit(PacketID(id: 1), now: 0) == .replayed)
        #expect(window.admit(PacketID(id: 100), now: 1) == .accepted)
        #expect(window.admit(PacketID(id: 37), now: 1) == .accepted)  // 100 - 63
        #expect(window.admit(PacketID(id: 36), now: 1) == .outsideWindow)  // 100 - 64
        #expect(window.admit(PacketID(id: 37), now: 1) == .replayed)
        #expect(window.admit(PacketID(id: 99), now: 16) == .accepted)  // 100 arrived 15 s ago: not yet
        #expect(window.admit(PacketID(id: 98), now: 17) == .expired)  // 100 arrived 16 s ago
        #expect(window.admit(PacketID(id: 101), now: 17) == .accepted)
        #expect(window.highest == 101)
    }

    @Test func timeFieldStartsOrRefusesSequences() {
        var window = ReplayWindow()
        #expect(window.admit(PacketID(id: 5, time: 1000), now: 0) == .accepted)
        #expect(window.admit(PacketID(id: 9, time: 999), now: 0) == .timeBacktrack)
        #expect(window.admit(PacketID(id: 1, time: 1001), now: 0) == .accepted)
        #expect(window.sequenceTime == 1001)
        #expect(window.admit(PacketID(id: 5, time: 1001), now: 0) == .accepted)  // new sequence forgot 5
        #expect(window.check(PacketID(id: 5, time: 1001), now: 0) == .replayed)
    }

    @Test func checkDoesNotRecord() {
        var window = ReplayWindow()
        #expect(window.check(PacketID(id: 3), now: 0) == .accepted)
        #expect(window.check(PacketID(id: 3), now: 0) == .accepted)
        window.record(PacketID(id: 3), now: 0)
        #expect(window.check(PacketID(id: 3), now: 0) == .replayed)
    }

    @Test(arguments: 0..<40)
    func matchesTheNaiveReference(seed: UInt64) {
        var random = SeededGenerator(seed: 0x5EED_0000 + seed)
        var window = ReplayWindow()
        var naive = NaiveReplayWindow()
        var now: UInt64 = 0
        var next: UInt32 = 1
        var time: UInt32 = 1_700_000_000
        var verdicts: Set<String> = []
        for step in 0..<2000 {
            var packetTime = time
            switch Int.random(in: 0..<1000, using: &random) {
            case 0..<3:  // the sender restarted its counter: a new sequence
                time += 1
                packetTime = time
                next = 1
            case 3..<13: packetTime -= 1  // a packet of the previous sequence
            case 13..<33: next += UInt32.random(in: 1...100, using: &random)  // a burst was lost
            case 33..<53: now += UInt64.random(in: 5...20, using: &random)  // a quiet spell
            default: next += 1
            }
            now += UInt64.random(in: 0...1, using: &random)
            let back = UInt32.random(in: 0...80, using: &random)
            let id = Int.random(in: 0..<10, using: &random) < 6 ? next : (next > back ? next - back : 0)
            let packetID = PacketID(id: id, time: packetTime)
            let expected = naive.admit(packetID, now: now)
            let actual = window.admit(packetID, now: now)
            if actual != expected {
                Issue.record(
                    "seed \(random.seed) step \(step): \(packetID) at \(now): \(actual), reference \(expected)")
                return
            }
            verdicts.insert("\(actual)")
        }
        // The sequence must exercise every rule, or agreeing proves little.
        #expect(verdicts.isSuperset(of: ["accepted", "replayed", "outsideWindow", "expired", "timeBacktrack"]))
    }
}
