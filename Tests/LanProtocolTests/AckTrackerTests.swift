// AckTracker: new ACKs first, then the MRU of the last 8 ACKed ids (§4.2); at most 4 ACKs on a
// control packet carrying a message, at most 8 in a P_ACK_V1.

import LanProtocol
import LanWire
import Testing

@Suite struct AckTrackerTests {
    @Test func ackPacketsGrowFromTheMRUAsInTheLabTrace() {
        // §0 rows 6–14: the client's P_ACK_V1 blocks grow to [5,4,3,2,1,0].
        var tracker = AckTracker()
        var blocks: [[MessageID]] = []
        for id in UInt32(0)...5 {
            tracker.acknowledge(MessageID(id))
            blocks.append(tracker.takeForAckPacket())
        }
        #expect(blocks.last == ids(5, 4, 3, 2, 1, 0))
        #expect(blocks[1] == ids(1, 0))
        #expect(!tracker.hasPending)
    }

    @Test func aControlPacketCarriesAtMostFourACKs() {
        // §0 row 16: the EXIT packet re-sends [5,4,3,2] with nothing new to ACK.
        var tracker = AckTracker()
        for id in UInt32(0)...5 { tracker.acknowledge(MessageID(id)) }
        _ = tracker.takeForAckPacket()
        #expect(tracker.takeForControlPacket() == ids(5, 4, 3, 2))
    }

    @Test func newACKsComeBeforeReSentOnes() {
        var tracker = AckTracker()
        tracker.acknowledge(MessageID(0))
        tracker.acknowledge(MessageID(1))
        _ = tracker.takeForAckPacket()
        tracker.acknowledge(MessageID(2))
        #expect(tracker.takeForControlPacket() == ids(2, 1, 0))
    }

    @Test func moreThanEightPendingLeaveInTwoPackets() {
        var tracker = AckTracker()
        for id in UInt32(0)..<10 { tracker.acknowledge(MessageID(id)) }
        #expect(tracker.takeForAckPacket() == ids(7, 6, 5, 4, 3, 2, 1, 0))
        #expect(tracker.hasPending)
        #expect(tracker.takeForAckPacket() == ids(9, 8, 7, 6, 5, 4, 3, 2))
        #expect(!tracker.hasPending)
    }

    @Test func theMRUKeepsTheLastEightACKedIDs() {
        var tracker = AckTracker()
        for id in UInt32(0)..<11 {
            tracker.acknowledge(MessageID(id))
            _ = tracker.takeForControlPacket()
        }
        #expect(tracker.recent == ids(10, 9, 8, 7, 6, 5, 4, 3))
        #expect(tracker.takeForAckPacket() == ids(10, 9, 8, 7, 6, 5, 4, 3))
    }

    @Test func aPendingIDIsRecordedOnce() {
        var tracker = AckTracker()
        tracker.acknowledge(MessageID(3))
        tracker.acknowledge(MessageID(3))
        #expect(tracker.pending == ids(3))
        #expect(tracker.takeForAckPacket() == ids(3))
    }

    @Test func aDuplicateOfARecentIDIsACKedAgainAndMovesToTheFront() {
        var tracker = AckTracker()
        for id in UInt32(0)..<3 { tracker.acknowledge(MessageID(id)) }
        _ = tracker.takeForAckPacket()
        tracker.acknowledge(MessageID(0))
        #expect(tracker.hasPending)
        #expect(tracker.takeForAckPacket() == ids(0, 2, 1))
        #expect(tracker.recent == ids(0, 2, 1))
    }

    @Test func nothingToACKGivesAnEmptyBlock() {
        var tracker = AckTracker()
        #expect(!tracker.hasPending)
        #expect(tracker.takeForControlPacket().isEmpty)
        #expect(tracker.take(limit: 0).isEmpty)
        #expect(AckTracker.maxPiggybacked == 4 && AckTracker.maxPerAckPacket == 8)
    }
}
