// ReplayWindow: replay protection for tls-crypt/tls-auth replay ids (id, time) (reference §3.6)
// and data-channel packet ids (id alone, time 0) (§9.4), with 2.6's defaults: a window of 64 ids
// and a 15 s time backtrack. Checked only after the packet authenticated.
//
// The rule, per (id, time):
//   * id 0 is always rejected;
//   * a larger time than any seen starts a new sequence (accepted); a smaller time is rejected;
//   * an id above the highest seen is accepted;
//   * otherwise the id must lie within 64 of the highest, not have been seen, and no id at or
//     above it may have been received more than `backtrack` seconds ago ("not older than 15 s
//     relative to a newer packet"). 2.6 reaps such slots every 5 s; we decide exactly at each call.
// Time is a parameter (monotonic seconds, never decreasing); the window never reads a clock.

/// Why a packet id was refused, or that it was accepted.
public enum ReplayVerdict: Equatable, Sendable {
    case accepted
    /// Id 0 is never valid.
    case zeroID
    /// The time field is older than the current sequence's.
    case timeBacktrack
    /// More than 64 ids below the highest seen.
    case outsideWindow
    /// Already seen.
    case replayed
    /// A newer id arrived more than `backtrack` seconds ago.
    case expired
}

/// A 64-id sliding replay window with a time backtrack.
///
/// Contract: call `check` after authenticating a packet and `record` only for accepted ids (or use
/// `admit`, which does both). `now` must not decrease between calls. Not thread-safe.
public struct ReplayWindow: Sendable {
    /// Ids remembered below the highest (2.6 `--replay-window 64`).
    public static let size: UInt32 = 64

    /// Seconds after which older gaps can no longer be filled (2.6 `--replay-window 64 15`).
    public let backtrack: UInt64
    /// The time field of the current sequence.
    public private(set) var sequenceTime: UInt32 = 0
    /// The highest id seen in the current sequence; 0 before any.
    public private(set) var highest: UInt32 = 0
    /// Bit i set: id `highest - i` was seen.
    private var seen: UInt64 = 0
    /// `receivedAt[id % 64]`: when a seen id within the window arrived.
    private var receivedAt = [UInt64](repeating: 0, count: Int(ReplayWindow.size))

    /// An empty window; `backtrack` in seconds (2.6 default 15).
    public init(backtrack: UInt64 = 15) {
        self.backtrack = backtrack
    }

    /// Whether `packetID` would be accepted at `now`; changes nothing.
    public func check(_ packetID: PacketID, now: UInt64) -> ReplayVerdict {
        guard packetID.id != 0 else { return .zeroID }
        if packetID.time > sequenceTime { return .accepted }
        if packetID.time < sequenceTime { return .timeBacktrack }
        if packetID.id > highest { return .accepted }
        let distance = highest - packetID.id
        guard distance < Self.size else { return .outsideWindow }
        guard seen & (1 << UInt64(distance)) == 0 else { return .replayed }
        for newer in 0..<distance where seen & (1 << UInt64(newer)) != 0 {
            let arrival = receivedAt[Int((highest - newer) % Self.size)]
            if now > arrival, now - arrival > backtrack { return .expired }
        }
        return .accepted
    }

    /// Marks `packetID` as seen at `now`; call only when `check` accepted it.
    public mutating func record(_ packetID: PacketID, now: UInt64) {
        if packetID.time != sequenceTime {
            sequenceTime = packetID.time
            highest = 0
            seen = 0
        }
        if packetID.id > highest {
            let shift = UInt64(packetID.id - highest)
            seen = shift >= 64 ? 0 : seen << shift
            highest = packetID.id
        }
        let distance = highest - packetID.id
        guard distance < Self.size else { return }
        seen |= 1 << UInt64(distance)
        receivedAt[Int(packetID.id % Self.size)] = now
    }

    /// `check`, then `record` if accepted.
    public mutating func admit(_ packetID: PacketID, now: UInt64) -> ReplayVerdict {
        let verdict = check(packetID, now: now)
        if verdict == .accepted { record(packetID, now: now) }
        return verdict
    }
}
