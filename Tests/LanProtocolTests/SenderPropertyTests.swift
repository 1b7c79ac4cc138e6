// ReliableSender under random operations: for 100 seeds, random enqueues, ACK blocks (with
// repeats, stale and unknown ids), bursts and calls to `due` at random times. After every step
// the window, id and backoff invariants must hold; a failure names its seed.

import LanProtocol
import LanTestKit
import LanValues
import LanWire
import Testing

@Suite struct SenderPropertyTests {
    /// What the test remembers about one msg-id.
    struct Record {
        var sends = 0
        var lastSend = Timestamp.zero
        /// An ACK or burst since the last send, which may make it due before its timer.
        var mayBeEarly = false
        var acked = false
    }

    @Test(arguments: TestSeeds.list(count: 100, salt: 0x5E4D))
    func invariantsHoldUnderRandomOperations(seed: UInt64) {
        let tag = "seed \(TestSeeds.describe(seed))"
        var rng = SeededGenerator(seed: seed)
        var sender = ReliableSender()
        var records: [MessageID: Record] = [:]
        var enqueued = 0
        var now = Timestamp.zero
        for _ in 0..<400 {
            switch Int.random(in: 0..<10, using: &rng) {
            case 0..<2:
                sender.enqueue(payload(0xA, enqueued))
                enqueued += 1
            case 2..<5:
                // Ids already sent (maybe ACKed before, or repeated) and ids never assigned:
                // a peer can only ACK what it received.
                let sent = records.keys.map(\.value).sorted()
                let block = (0..<Int.random(in: 0...8, using: &rng)).map { _ in
                    rng.chance(0.8) && !sent.isEmpty
                        ? MessageID(sent.randomElement(using: &rng)!)
                        : MessageID(sender.nextID.value + UInt32.random(in: 0...3, using: &rng))
                }
                sender.ack(block)
                for id in block where records[id] != nil { records[id]!.acked = true }
                for id in records.keys { records[id]!.mayBeEarly = true }
            case 5:
                sender.burst()
                for id in records.keys { records[id]!.mayBeEarly = true }
            default:
                now = now + .milliseconds(Int64.random(in: 0...3000, using: &rng))
                for message in sender.due(now: now) {
                    check(message, now: now, records: &records, tag: tag)
                }
            }
            checkWindow(sender, tag: tag)
        }
        while !sender.isIdle {
            now = now + .milliseconds(1)
            for message in sender.due(now: now) { records[message.id, default: Record()].sends += 1 }
            sender.ack(sender.unacknowledged)
        }
        #expect(sender.nextID == MessageID(UInt32(enqueued)), "\(tag): \(enqueued) payloads, next id \(sender.nextID)")
        #expect(records.count == enqueued && records.values.allSatisfy { $0.sends > 0 }, "\(tag): a payload never left")
    }

    /// One transmission: the right payload, never after its ACK, never before its timer.
    func check(_ message: ReliableMessage, now: Timestamp, records: inout [MessageID: Record], tag: String) {
        #expect(
            message.payload == payload(0xA, Int(message.id.value)), "\(tag): \(message.id) carries the wrong payload")
        var record = records[message.id] ?? Record()
        #expect(!record.acked, "\(tag): \(message.id) sent after its ACK")
        if record.sends > 0 && !record.mayBeEarly {
            let timeout = Duration.seconds(2 << (record.sends - 1))
            #expect(
                now - record.lastSend >= timeout,
                "\(tag): \(message.id) resent \(now - record.lastSend) after its send #\(record.sends)")
        }
        record.sends += 1
        record.lastSend = now
        record.mayBeEarly = false
        records[message.id] = record
    }

    /// At most 6 ids from the oldest unACKed one; ascending; all below nextID.
    func checkWindow(_ sender: ReliableSender, tag: String) {
        let unacked = sender.unacknowledged
        #expect(unacked == unacked.sorted(), "\(tag): window out of order \(unacked)")
        #expect(unacked.allSatisfy { $0 < sender.nextID }, "\(tag): unassigned id in the window")
        let oldest = unacked.first ?? sender.nextID
        #expect(sender.nextID.value - oldest.value <= 6, "\(tag): \(sender.nextID) is more than 6 past \(oldest)")
        if unacked.isEmpty { #expect(sender.backlogCount == 0, "\(tag): backlog waits behind an empty window") }
    }
}
