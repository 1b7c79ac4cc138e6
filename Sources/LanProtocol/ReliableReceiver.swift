// ReliableReceiver: the receiving half of the control channel's reliability layer (§4.1).
//
// Incoming msg-ids are judged against a window starting at the next id to hand out:
//   x < nextExpected, or x already buffered  → duplicate: not stored, but ACKed;
//   x ≥ nextExpected + window                → beyond the window: dropped, not ACKed;
//   all buffers occupied                     → dropped, not ACKed;
//   otherwise                                → stored and ACKed.
// Stored payloads leave strictly in msg-id order through `takeInOrder()`; an id leaves the
// window only when taken, so a caller that stops taking eventually stops the peer.
// Msg-ids are 32 bits and never wrap within one key state: renegotiation starts a new one.

import LanWire

/// The receive side of one key state's reliability layer.
///
/// A value type; not thread-safe, owned by its key state. Payloads are stored as given and
/// handed back unchanged: ownership passes to the receiver on `receive` and back to the
/// caller on `takeInOrder`. At most `bufferCount` payloads are held at any time.
public struct ReliableReceiver: Sendable {
    /// Receive-window size of OpenVPN 2.6 (`TLS_RELIABLE_N_REC_BUFFERS`).
    public static let defaultWindow = 12

    /// What `receive` did with a packet.
    public enum Verdict: Sendable, Equatable {
        /// New, inside the window: stored. ACK it.
        case accepted
        /// Already delivered or already buffered: not stored. ACK it anyway.
        case duplicate
        /// At or past `nextExpected + window`: dropped. Do not ACK it.
        case beyondWindow
        /// In the window but every buffer is occupied: dropped. Do not ACK it.
        case buffersFull

        /// True when the id must be ACKed (accepted or duplicate).
        public var shouldAcknowledge: Bool { self == .accepted || self == .duplicate }
    }

    /// The id `takeInOrder` hands out next. Every lower id has been handed out.
    public private(set) var nextExpected: MessageID
    /// Ids accepted, counted from `nextExpected`.
    public let window: Int
    /// Payloads held at most at once.
    public let bufferCount: Int
    private var buffered: [MessageID: [UInt8]] = [:]

    /// A receiver expecting `first` next: 0 for a fresh key state, 1 for a server session
    /// created after a hard reset was handled statelessly (§4.5).
    /// - Precondition: `window` ≥ 1 and `bufferCount` ≥ 1.
    public init(first: MessageID = MessageID(0), window: Int = defaultWindow, bufferCount: Int? = nil) {
        precondition(window >= 1, "a receive window holds at least one packet")
        self.nextExpected = first
        self.window = window
        self.bufferCount = bufferCount ?? window
        precondition(self.bufferCount >= 1, "a receiver holds at least one buffer")
    }

    /// Payloads waiting for `takeInOrder`, including those stuck behind a gap.
    public var bufferedCount: Int { buffered.count }

    /// True when `id` is stored and not yet taken.
    public func isBuffered(_ id: MessageID) -> Bool { buffered[id] != nil }

    /// Judges one incoming message and stores it when accepted. O(1).
    /// Feed this only P_CONTROL_* messages (never P_ACK_V1, which has no msg-id).
    public mutating func receive(_ id: MessageID, payload: [UInt8]) -> Verdict {
        if id < nextExpected || buffered[id] != nil { return .duplicate }
        if UInt64(id.value) >= UInt64(nextExpected.value) + UInt64(window) { return .beyondWindow }
        if buffered.count >= bufferCount { return .buffersFull }
        buffered[id] = payload
        return .accepted
    }

    /// Removes and returns the payloads from `nextExpected` up to the first gap, in msg-id
    /// order, advancing `nextExpected` past them. Empty when `nextExpected` has not arrived.
    /// O(number returned).
    public mutating func takeInOrder() -> [[UInt8]] {
        var ready: [[UInt8]] = []
        while let payload = buffered.removeValue(forKey: nextExpected) {
            ready.append(payload)
            nextExpected = MessageID(nextExpected.value &+ 1)
        }
        return ready
    }
}
