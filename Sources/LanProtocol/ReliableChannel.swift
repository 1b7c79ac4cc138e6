// ReliableChannel: one key state's reliability layer, whole — sender, receiver and ACK policy
// over logical control packets (§3.1 fields the layer owns: the ACK block and the msg-id).
//
// Inbound, per packet: the ACK block goes to the sender (frees window room, counts toward
// fast retransmit); the message, if any, goes to the receiver, and is ACKed when accepted or
// duplicate. Outbound, per `packets(now:)`: each due message leaves with up to 4 ACKs
// (new, then the MRU); ACKs still pending after that leave in P_ACK_V1 packets of up to 8.
// Opcodes, session ids and wrapping are the session's business, not this layer's.

import LanValues
import LanWire

/// The part of a control packet the reliability layer reads and writes.
public struct ReliablePacket: Sendable, Equatable {
    /// The ACK block: msg-ids of packets received from the peer (at most 8 on the wire).
    public var acks: [MessageID]
    /// The message carried; nil for a P_ACK_V1.
    public var message: ReliableMessage?

    public init(acks: [MessageID], message: ReliableMessage?) {
        self.acks = acks
        self.message = message
    }

    /// True for a P_ACK_V1: ACKs only, no msg-id.
    public var isAckOnly: Bool { message == nil }
}

/// Sender, receiver and ACK tracker of one key state, driven by packets and time.
///
/// A value type; not thread-safe, owned by its key state. Payload ownership follows
/// `ReliableSender` (outbound) and `ReliableReceiver` (inbound).
public struct ReliableChannel: Sendable {
    public private(set) var sender: ReliableSender
    public private(set) var receiver: ReliableReceiver
    public private(set) var acks = AckTracker()

    /// A channel whose own msg-ids start at `firstOutgoing` and whose peer's start at
    /// `firstIncoming` (both 0 for a fresh key state; 1 after a stateless reset, §4.5).
    public init(
        firstOutgoing: MessageID = MessageID(0), firstIncoming: MessageID = MessageID(0),
        sender configuration: ReliableSender.Configuration = .init(),
        receiveWindow: Int = ReliableReceiver.defaultWindow
    ) {
        sender = ReliableSender(first: firstOutgoing, configuration: configuration)
        receiver = ReliableReceiver(first: firstIncoming, window: receiveWindow)
    }

    /// Queues a payload for reliable, in-order delivery to the peer.
    public mutating func send(_ payload: [UInt8]) { sender.enqueue(payload) }

    /// Handles one received packet (already matched to this key state and, when it carries
    /// ACKs, checked for our session id). Returns the receiver's verdict on its message, nil
    /// for a P_ACK_V1.
    @discardableResult
    public mutating func receive(_ packet: ReliablePacket) -> ReliableReceiver.Verdict? {
        sender.ack(packet.acks)
        guard let message = packet.message else { return nil }
        let verdict = receiver.receive(message.id, payload: message.payload)
        if verdict.shouldAcknowledge { acks.acknowledge(message.id) }
        return verdict
    }

    /// Owes the peer an ACK for `id`, a message received before this channel existed (the
    /// client's reset, answered statelessly, §4.5). It leaves with the next packet.
    public mutating func owe(ackFor id: MessageID) { acks.acknowledge(id) }

    /// Payloads received from the peer, in order, ready for TLS.
    public mutating func takeInOrder() -> [[UInt8]] { receiver.takeInOrder() }

    /// What to transmit at `now`: every due message with a piggybacked ACK block, then
    /// P_ACK_V1 packets for ACKs still pending. Empty when nothing is due.
    public mutating func packets(now: Timestamp) -> [ReliablePacket] {
        var packets = sender.due(now: now).map { message in
            ReliablePacket(acks: acks.takeForControlPacket(), message: message)
        }
        while acks.hasPending {
            packets.append(ReliablePacket(acks: acks.takeForAckPacket(), message: nil))
        }
        return packets
    }

    /// When `packets(now:)` next has something to send: `.distantPast` when something is
    /// due at once (including pending ACKs), nil when only the peer can make progress.
    public var nextWakeup: Timestamp? { acks.hasPending ? .distantPast : sender.nextWakeup }

    /// True when everything sent was ACKed and no ACK is owed.
    public var isIdle: Bool { sender.isIdle && !acks.hasPending }
}
