// ReliableReceiver against a naive reference, and AckTracker invariants, under random input
// for 100 seeds each. The reference keeps every stored packet in a plain list and applies the
// §4.1 rules by linear search; a failure names its seed and step.

import LanProtocol
import LanTestKit
import LanWire
import Testing

/// The §4.1 receive rules, written as plainly as possible.
struct NaiveReceiver {
    var next: UInt32 = 0
    var stored: [(id: UInt32, payload: [UInt8])] = []
    let window: UInt32
    let buffers: Int

    mutating func receive(_ id: UInt32, _ payload: [UInt8]) -> ReliableReceiver.Verdict {
        if id < next || stored.contains(where: { $0.id == id }) { return .duplicate }
        if id >= next + window { return .beyondWindow }
        if stored.count == buffers { return .buffersFull }
        stored.append((id, payload))
        return .accepted
    }

    mutating func take() -> [[UInt8]] {
        var out: [[UInt8]] = []
        while let index = stored.firstIndex(where: { $0.id == next }) {
            out.append(stored.remove(at: index).payload)
            next += 1
        }
        return out
    }
}

@Suite struct ReceiverPropertyTests {
    @Test(arguments: TestSeeds.list(count: 100, salt: 0x2EC))
    func receiverMatchesTheNaiveReference(seed: UInt64) {
        var rng = SeededGenerator(seed: seed)
        let buffers = rng.chance(0.5) ? 12 : Int.random(in: 1...12, using: &rng)
        var receiver = ReliableReceiver(window: 12, bufferCount: buffers)
        var reference = NaiveReceiver(window: 12, buffers: buffers)
        for step in 0..<500 {
            var problem: String?
            if rng.chance(0.3) {
                if receiver.takeInOrder() != reference.take() { problem = "takeInOrder differs" }
            } else {
                let id = UInt32(max(0, Int(reference.next) + Int.random(in: -5...16, using: &rng)))
                let data = [UInt8(truncatingIfNeeded: id), UInt8.random(in: 0...255, using: &rng)]
                let verdict = receiver.receive(MessageID(id), payload: data)
                let expected = reference.receive(id, data)
                if verdict != expected { problem = "id \(id): \(verdict), reference says \(expected)" }
            }
            if receiver.nextExpected.value != reference.next || receiver.bufferedCount != reference.stored.count {
                problem = problem ?? "next expected or buffer count differs"
            }
            // Stop at the first divergence: everything after it would differ too.
            if let problem {
                Issue.record("seed \(TestSeeds.describe(seed)) step \(step): \(problem)")
                return
            }
        }
    }

    @Test(arguments: TestSeeds.list(count: 100, salt: 0xACC))
    func ackBlocksStayWithinLimitsAndCoverEveryID(seed: UInt64) {
        let tag = "seed \(TestSeeds.describe(seed))"
        var rng = SeededGenerator(seed: seed)
        var tracker = AckTracker()
        var owed = Set<MessageID>()
        for _ in 0..<300 {
            if rng.chance(0.6) {
                let id = MessageID(UInt32.random(in: 0..<40, using: &rng))
                tracker.acknowledge(id)
                owed.insert(id)
                continue
            }
            let limit = rng.chance(0.5) ? AckTracker.maxPiggybacked : AckTracker.maxPerAckPacket
            let newIDs = Set(tracker.pending.prefix(limit))
            let block = limit == 4 ? tracker.takeForControlPacket() : tracker.takeForAckPacket()
            #expect(block.count <= limit, "\(tag): \(block.count) ACKs in a block limited to \(limit)")
            #expect(Set(block).count == block.count, "\(tag): repeated id in \(block)")
            #expect(Set(block.prefix(newIDs.count)) == newIDs, "\(tag): new ACKs must lead \(block)")
            #expect(tracker.recent.count <= AckTracker.mruCapacity, "\(tag): MRU over capacity")
            #expect(
                Array(tracker.recent.prefix(newIDs.count)) == Array(block.prefix(newIDs.count)), "\(tag): MRU order")
            owed.subtract(newIDs)
        }
        while tracker.hasPending { owed.subtract(tracker.takeForAckPacket()) }
        #expect(owed.isEmpty, "\(tag): never ACKed \(owed.sorted())")
    }
}
