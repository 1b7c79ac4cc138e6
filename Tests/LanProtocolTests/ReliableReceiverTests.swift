// ReliableReceiver: the receive-window rules of §4.1 — duplicates are ACKed but not stored,
// ids at or past next+12 and arrivals into full buffers are dropped unACKed — and strictly
// in-order delivery.

import LanProtocol
import LanWire
import Testing

@Suite struct ReliableReceiverTests {
    @Test func deliversInOrderWhatArrivesInOrder() {
        var receiver = ReliableReceiver()
        for index in 0..<3 {
            #expect(receiver.receive(MessageID(UInt32(index)), payload: payload(1, index)) == .accepted)
        }
        #expect(receiver.takeInOrder() == (0..<3).map { payload(1, $0) })
        #expect(receiver.nextExpected == MessageID(3))
        #expect(receiver.takeInOrder().isEmpty)
    }

    @Test func holdsBackEverythingBehindAGap() {
        var receiver = ReliableReceiver()
        #expect(receiver.receive(MessageID(2), payload: payload(1, 2)) == .accepted)
        #expect(receiver.receive(MessageID(1), payload: payload(1, 1)) == .accepted)
        #expect(receiver.takeInOrder().isEmpty)
        #expect(receiver.bufferedCount == 2)
        #expect(receiver.receive(MessageID(0), payload: payload(1, 0)) == .accepted)
        #expect(receiver.takeInOrder() == (0..<3).map { payload(1, $0) })
        #expect(receiver.bufferedCount == 0)
    }

    @Test func anAlreadyDeliveredIDIsADuplicateToACK() {
        var receiver = ReliableReceiver()
        _ = receiver.receive(MessageID(0), payload: payload(1, 0))
        _ = receiver.takeInOrder()
        let verdict = receiver.receive(MessageID(0), payload: payload(1, 0))
        #expect(verdict == .duplicate)
        #expect(verdict.shouldAcknowledge)
        #expect(receiver.takeInOrder().isEmpty, "a duplicate is never delivered twice")
    }

    @Test func anAlreadyBufferedIDIsADuplicateAndKeepsTheFirstPayload() {
        var receiver = ReliableReceiver()
        #expect(receiver.receive(MessageID(1), payload: [1]) == .accepted)
        #expect(receiver.receive(MessageID(1), payload: [2]) == .duplicate)
        _ = receiver.receive(MessageID(0), payload: [0])
        #expect(receiver.takeInOrder() == [[0], [1]])
    }

    @Test func idsBeforeAStartOfOneAreDuplicates() {
        var receiver = ReliableReceiver(first: MessageID(1))
        #expect(receiver.receive(MessageID(0), payload: []) == .duplicate)
        #expect(receiver.receive(MessageID(1), payload: [1]) == .accepted)
        #expect(receiver.takeInOrder() == [[1]])
    }

    @Test func theWindowEndsElevenPastNextExpected() {
        var receiver = ReliableReceiver()
        #expect(receiver.receive(MessageID(11), payload: []) == .accepted)
        let verdict = receiver.receive(MessageID(12), payload: [])
        #expect(verdict == .beyondWindow)
        #expect(!verdict.shouldAcknowledge)
        #expect(receiver.receive(MessageID(4_000_000_000), payload: []) == .beyondWindow)
        #expect(!receiver.isBuffered(MessageID(12)))
    }

    @Test func theWindowMovesOnlyWhenPayloadsAreTaken() {
        var receiver = ReliableReceiver()
        for index in 0..<12 { #expect(receiver.receive(MessageID(UInt32(index)), payload: []) == .accepted) }
        #expect(receiver.receive(MessageID(12), payload: []) == .beyondWindow)
        #expect(receiver.takeInOrder().count == 12)
        #expect(receiver.receive(MessageID(12), payload: []) == .accepted)
        #expect(receiver.receive(MessageID(23), payload: []) == .accepted)
        #expect(receiver.receive(MessageID(24), payload: []) == .beyondWindow)
    }

    @Test func fullBuffersDropWithoutACK() {
        var receiver = ReliableReceiver(window: 12, bufferCount: 3)
        for id in [UInt32(3), 5, 7] { #expect(receiver.receive(MessageID(id), payload: []) == .accepted) }
        let verdict = receiver.receive(MessageID(1), payload: [])
        #expect(verdict == .buffersFull)
        #expect(!verdict.shouldAcknowledge)
        #expect(receiver.receive(MessageID(5), payload: []) == .duplicate, "duplicates are ACKed even when full")
        #expect(receiver.bufferedCount == 3)
    }

    @Test func acceptedIDsAreACKed() {
        #expect(ReliableReceiver.Verdict.accepted.shouldAcknowledge)
        #expect(ReliableReceiver.defaultWindow == 12)
    }
}
