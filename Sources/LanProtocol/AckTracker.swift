// AckTracker: which msg-ids to acknowledge on the next outgoing control packet (§4.2).
//
// Every packet the receiver accepted or recognised as a duplicate must be ACKed. OpenVPN 2.6
// also re-sends recent ACKs: it keeps the last 8 ACKed ids (most recently ACKed first) and
// fills the ACK block of every outgoing packet from them after the new ones, so a lost
// P_ACK_V1 is repaired by whatever goes out next. Pure policy over lists of `MessageID`:
// no packets, no time. One tracker per key state.

import LanWire

/// Pending and recently sent acknowledgements of one key state.
///
/// A value type; not thread-safe, owned by the key state that feeds it. All operations are
/// O(`mruCapacity` + pending count), both small.
public struct AckTracker: Sendable, Equatable {
    /// ACKs piggybacked on a P_CONTROL_* packet that also carries a message
    /// (`CONTROL_SEND_ACK_MAX`).
    public static let maxPiggybacked = 4
    /// ACKs in a dedicated P_ACK_V1 (`RELIABLE_ACK_SIZE`); also the most a 2.6 peer parses.
    public static let maxPerAckPacket = 8
    /// Recently sent ACKs kept for re-sending.
    public static let mruCapacity = 8

    /// Ids received but not yet written into any ACK block, oldest first. No repeats.
    public private(set) var pending: [MessageID] = []
    /// Ids already written into an ACK block, most recently ACKed first; at most `mruCapacity`.
    public private(set) var recent: [MessageID] = []

    /// An empty tracker, for a fresh key state.
    public init() {}

    /// True when an id waits for its first ACK. The caller then sends a P_ACK_V1 if no
    /// control message is going out anyway.
    public var hasPending: Bool { !pending.isEmpty }

    /// Records that `id` was received (accepted or duplicate) and must be ACKed. Recording an
    /// id that is already pending is a no-op; an id in `recent` is ACKed again (the peer
    /// evidently missed the earlier ACK).
    public mutating func acknowledge(_ id: MessageID) {
        guard !pending.contains(id) else { return }
        pending.append(id)
    }

    /// The ACK block for a control packet carrying a message: at most `maxPiggybacked` ids.
    public mutating func takeForControlPacket() -> [MessageID] { take(limit: Self.maxPiggybacked) }

    /// The ACK block for a dedicated P_ACK_V1: at most `maxPerAckPacket` ids.
    public mutating func takeForAckPacket() -> [MessageID] { take(limit: Self.maxPerAckPacket) }

    /// An ACK block of at most `limit` ids: the oldest pending ids first (newest of them
    /// leading), then recent ids not already in the block, most recent first. The pending ids
    /// written move to the front of `recent`. Pending ids beyond `limit` stay pending.
    ///
    /// Example: pending [3], recent [2, 1, 0] → [3, 2, 1, 0]; recent becomes [3, 2, 1, 0].
    public mutating func take(limit: Int) -> [MessageID] {
        let count = min(max(0, limit), pending.count)
        let fresh = Array(pending.prefix(count).reversed())
        pending.removeFirst(count)
        var block = fresh
        for id in recent where block.count < limit && !block.contains(id) {
            block.append(id)
        }
        remember(fresh)
        return block
    }

    /// Moves `fresh` (newest first) to the front of the MRU list, trimming it to capacity.
    private mutating func remember(_ fresh: [MessageID]) {
        guard !fresh.isEmpty else { return }
        recent = fresh + recent.filter { !fresh.contains($0) }
        if recent.count > Self.mruCapacity { recent.removeLast(recent.count - Self.mruCapacity) }
    }
}
