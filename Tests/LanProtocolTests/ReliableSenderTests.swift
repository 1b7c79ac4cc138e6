// ReliableSender: msg-id assignment, the 6-packet send window, retransmission backoff
// (2, 4, 8 s), fast retransmit after 3 higher ACKs, burst, and harmless stray ACKs (§4.1–§4.3).

import LanProtocol
import LanWire
import Testing

@Suite struct ReliableSenderTests {
    /// A sender with `count` payloads queued.
    func sender(queued count: Int, first: UInt32 = 0, configuration: ReliableSender.Configuration = .init())
        -> ReliableSender
    {
        var sender = ReliableSender(first: MessageID(first), configuration: configuration)
        for index in 0..<count { sender.enqueue(payload(0xA, index)) }
        return sender
    }

    @Test func msgIDsStartAtZeroAndIncreaseWithoutGaps() {
        var sender = sender(queued: 3)
        let sent = sender.due(now: at(0))
        #expect(sent.map(\.id) == ids(0, 1, 2))
        #expect(sent.map(\.payload) == (0..<3).map { payload(0xA, $0) })
        #expect(sender.nextID == MessageID(3))
    }

    @Test func msgIDsStartAtOneAfterAStatelessReset() {
        var sender = sender(queued: 2, first: 1)
        #expect(sender.due(now: at(0)).map(\.id) == ids(1, 2))
    }

    @Test func atMostSixUnacknowledgedInFlight() {
        var sender = sender(queued: 10)
        #expect(sender.due(now: at(0)).map(\.id) == ids(0..<6))
        #expect(sender.backlogCount == 4)
        #expect(sender.windowRoom == 0)
        sender.ack(ids(0))
        #expect(sender.due(now: at(0.1)).map(\.id) == ids(6))
        #expect(sender.unacknowledged == ids(1..<7))
    }

    @Test func windowCountsFromTheOldestUnacknowledgedID() {
        var sender = sender(queued: 10)
        _ = sender.due(now: at(0))
        sender.ack(ids(1, 2, 3, 4, 5))
        #expect(sender.unacknowledged == ids(0))
        #expect(sender.backlogCount == 4, "id 6 would be 6 past unACKed id 0")
        #expect(sender.due(now: at(0.1)).map(\.id) == ids(0), "five higher ACKs: fast retransmit, nothing new")
        sender.ack(ids(0))
        #expect(sender.due(now: at(0.2)).map(\.id) == ids(6, 7, 8, 9))
        #expect(sender.backlogCount == 0)
    }

    @Test func windowRoomTellsTheCallerHowMuchToSlice() {
        var sender = sender(queued: 2)
        #expect(sender.windowRoom == 4)
        _ = sender.due(now: at(0))
        sender.ack(ids(0))
        #expect(sender.windowRoom == 5)
    }

    @Test func retransmitsAfter2Then4Then8Seconds() {
        var sender = sender(queued: 1)
        #expect(sender.nextWakeup == .distantPast)
        #expect(sender.due(now: at(0)).map(\.id) == ids(0))
        #expect(sender.nextWakeup == at(2))
        #expect(sender.due(now: at(1.999)).isEmpty)
        #expect(sender.due(now: at(2)).map(\.id) == ids(0))
        #expect(sender.nextWakeup == at(6))
        #expect(sender.due(now: at(5.999)).isEmpty)
        #expect(sender.due(now: at(6)).map(\.id) == ids(0))
        #expect(sender.nextWakeup == at(14))
        #expect(sender.due(now: at(14)).map(\.id) == ids(0))
        #expect(sender.nextWakeup == at(30))
        #expect(sender.retransmissions == 3)
    }

    @Test func initialTimeoutIsConfigurable() {
        var sender = sender(queued: 1, configuration: .init(initialTimeout: .seconds(1)))
        _ = sender.due(now: at(10))
        #expect(sender.nextWakeup == at(11))
        _ = sender.due(now: at(11))
        #expect(sender.nextWakeup == at(13))
    }

    @Test func backoffStopsAtTheCeiling() {
        var sender = sender(queued: 1, configuration: .init(maximumTimeout: .seconds(5)))
        _ = sender.due(now: at(0))
        _ = sender.due(now: at(2))
        _ = sender.due(now: at(6))
        #expect(sender.nextWakeup == at(11))
    }

    @Test func threeHigherAcksTriggerAFastRetransmit() {
        var sender = sender(queued: 5)
        _ = sender.due(now: at(0))
        sender.ack(ids(1))
        sender.ack(ids(2))
        #expect(sender.due(now: at(0.5)).isEmpty, "two higher ACKs are not enough")
        sender.ack(ids(3))
        #expect(sender.nextWakeup == .distantPast)
        #expect(sender.due(now: at(0.5)).map(\.id) == ids(0))
        #expect(sender.retransmissions == 1)
        #expect(sender.nextWakeup == at(2), "id 4 still waits for its own timer")
        #expect(sender.due(now: at(2)).map(\.id) == ids(4))
        #expect(sender.nextWakeup == at(4.5), "the fast retransmit doubled id 0's timeout")
    }

    @Test func oneBlockOfThreeHigherAcksTriggersAFastRetransmit() {
        var sender = sender(queued: 4)
        _ = sender.due(now: at(0))
        sender.ack(ids(3, 2, 1))
        #expect(sender.due(now: at(0.1)).map(\.id) == ids(0))
    }

    @Test func anIDRepeatedInOneBlockCountsOnce() {
        var sender = sender(queued: 2)
        _ = sender.due(now: at(0))
        sender.ack(ids(1, 1, 1))
        #expect(sender.due(now: at(0.1)).isEmpty)
    }

    @Test func reSentAcksDoNotCountAgain() {
        // The peer's MRU re-sends ACK 1 on every packet; that is one ACK, not three.
        var sender = sender(queued: 2)
        _ = sender.due(now: at(0))
        sender.ack(ids(1))
        sender.ack(ids(1))
        sender.ack(ids(1))
        #expect(sender.due(now: at(0.1)).isEmpty)
    }

    @Test func theCountRestartsAfterAFastRetransmit() {
        var sender = sender(queued: 8, configuration: .init(window: 8))
        _ = sender.due(now: at(0))
        sender.ack(ids(3, 2, 1))
        #expect(sender.due(now: at(0.1)).map(\.id) == ids(0))
        sender.ack(ids(5, 4, 3, 2, 1))
        #expect(sender.due(now: at(0.2)).isEmpty, "two new ACKs since the resend")
        sender.ack(ids(6))
        #expect(sender.due(now: at(0.3)).map(\.id) == ids(0))
    }

    @Test func lowerAcksDoNotCountTowardFastRetransmit() {
        var sender = sender(queued: 6)
        _ = sender.due(now: at(0))
        sender.ack(ids(0))
        sender.ack(ids(1))
        sender.ack(ids(2))
        #expect(sender.due(now: at(0.1)).isEmpty)
        #expect(sender.unacknowledged == ids(3, 4, 5))
    }

    @Test func duplicateAndUnknownAcksAreHarmless() {
        var sender = sender(queued: 3)
        _ = sender.due(now: at(0))
        sender.ack(ids(1))
        sender.ack(ids(1))
        sender.ack(ids(99, 4_000_000_000))
        sender.ack([])
        #expect(sender.unacknowledged == ids(0, 2))
        sender.ack(ids(0, 2, 0))
        #expect(sender.isIdle)
        #expect(sender.nextWakeup == nil)
        #expect(sender.due(now: at(100)).isEmpty)
    }

    @Test func burstResendsEveryUnacknowledgedMessageAtOnce() {
        var sender = sender(queued: 4)
        _ = sender.due(now: at(0))
        sender.ack(ids(1))
        sender.burst()
        #expect(sender.nextWakeup == .distantPast)
        #expect(sender.due(now: at(0.3)).map(\.id) == ids(0, 2, 3))
        #expect(sender.nextWakeup == at(4.3), "burst keeps the backoff: the next timeout is 4 s")
    }

    @Test func newPayloadsAreDueImmediatelyWhileOthersWait() {
        var sender = sender(queued: 1)
        _ = sender.due(now: at(0))
        sender.enqueue(payload(0xA, 1))
        #expect(sender.nextWakeup == .distantPast)
        #expect(sender.due(now: at(1)).map(\.id) == ids(1))
        #expect(sender.nextWakeup == at(2))
        #expect(sender.retransmissions == 0)
    }
}
