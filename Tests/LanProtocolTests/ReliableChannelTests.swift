// ReliableChannel: how sender, receiver and ACK tracker meet on logical packets — ACKs ride on
// outgoing messages when there are any, and a P_ACK_V1 goes out when there are none.

import LanProtocol
import LanValues
import LanWire
import Testing

@Suite struct ReliableChannelTests {
    @Test func aLoneMessageIsAnsweredByAnAckPacket() {
        var client = ReliableChannel()
        var server = ReliableChannel()
        client.send([0x16, 0x03])
        let out = client.packets(now: at(0))
        #expect(out == [ReliablePacket(acks: [], message: ReliableMessage(id: MessageID(0), payload: [0x16, 0x03]))])
        #expect(server.receive(out[0]) == .accepted)
        #expect(server.takeInOrder() == [[0x16, 0x03]])
        #expect(server.nextWakeup == .distantPast)
        let reply = server.packets(now: at(0.05))
        #expect(reply == [ReliablePacket(acks: ids(0), message: nil)])
        #expect(reply[0].isAckOnly)
        #expect(client.receive(reply[0]) == nil)
        #expect(client.isIdle && server.isIdle)
        #expect(client.nextWakeup == nil)
    }

    @Test func acksRideOnOutgoingMessages() {
        var client = ReliableChannel()
        var server = ReliableChannel()
        client.send([1])
        server.receive(client.packets(now: at(0))[0])
        server.send([2])
        server.send([3])
        let reply = server.packets(now: at(0.05))
        #expect(reply.map(\.acks) == [ids(0), ids(0)], "the second message re-sends the MRU")
        #expect(reply.allSatisfy { !$0.isAckOnly })
    }

    @Test func aDuplicateIsACKedAgainButNotDelivered() {
        var client = ReliableChannel()
        var server = ReliableChannel()
        client.send([1])
        let packet = client.packets(now: at(0))[0]
        server.receive(packet)
        _ = server.packets(now: at(0.01))
        #expect(server.receive(packet) == .duplicate)
        #expect(server.packets(now: at(0.02)) == [ReliablePacket(acks: ids(0), message: nil)])
        #expect(server.takeInOrder() == [[1]])
    }

    @Test func aPacketBeyondTheWindowIsNotACKed() {
        var server = ReliableChannel()
        let far = ReliablePacket(acks: [], message: ReliableMessage(id: MessageID(12), payload: []))
        #expect(server.receive(far) == .beyondWindow)
        #expect(server.packets(now: at(0)).isEmpty)
        #expect(server.isIdle)
    }

    @Test func aServerSessionAfterAStatelessResetStartsAtOne() {
        var server = ReliableChannel(firstOutgoing: MessageID(1), firstIncoming: MessageID(1))
        server.send([9])
        #expect(server.packets(now: at(0)).first?.message?.id == MessageID(1))
        let hello = ReliablePacket(acks: ids(0), message: ReliableMessage(id: MessageID(1), payload: [7]))
        #expect(server.receive(hello) == .accepted)
        #expect(server.takeInOrder() == [[7]])
    }

    @Test func unansweredMessagesAreRetransmittedWithTheirID() {
        var client = ReliableChannel()
        client.send([1])
        _ = client.packets(now: at(0))
        #expect(client.nextWakeup == at(2))
        #expect(client.packets(now: at(2)).map(\.message?.id) == [MessageID(0)])
        #expect(client.sender.retransmissions == 1)
    }
}

@Suite struct TimestampTests {
    @Test func arithmeticIsInMillisecondsAndSaturates() {
        #expect(Timestamp(sinceOrigin: .seconds(2) + .microseconds(1500)) == Timestamp(milliseconds: 2001))
        #expect(at(1) + .seconds(2) == at(3))
        #expect(at(3) - at(1) == .seconds(2))
        #expect(Timestamp.distantFuture + .seconds(1) == .distantFuture)
        #expect(Timestamp.distantPast + .seconds(-1) == .distantPast)
        #expect(Timestamp.distantPast < .zero && Timestamp.zero < .distantFuture)
    }
}

@Suite struct HandshakeWindowTests {
    @Test func negotiationFailsSixtySecondsAfterItStarted() {
        let window = HandshakeWindow(started: at(5))
        #expect(window.deadline == at(65))
        #expect(!window.isExpired(now: at(64.999)))
        #expect(window.isExpired(now: at(65)))
        #expect(window.remaining(now: at(35)) == .seconds(30))
        #expect(window.remaining(now: at(100)) == .zero)
    }

    @Test func retransmissionsOfALostResetGiveUpWithinTheWindow() {
        // 2+4+8+16 s of backoff: the fifth send (at 30 s) is the last inside 60 s.
        var sender = ReliableSender()
        sender.enqueue([])
        let window = HandshakeWindow(started: at(0))
        var sends: [Timestamp] = []
        var now = at(0)
        while !window.isExpired(now: now) {
            if !sender.due(now: now).isEmpty { sends.append(now) }
            guard let wakeup = sender.nextWakeup else { break }
            now = max(now, wakeup)
        }
        #expect(sends == [at(0), at(2), at(6), at(14), at(30)])
    }
}
