// HandshakeWindow: the deadline by which a key state must finish negotiating (§4.3,
// `--hand-window`, 60 s by default). The reliability layer retransmits with unbounded
// backoff; this deadline is what ends a handshake that cannot complete ("TLS key negotiation
// failed to occur within 60 seconds"). A plain value: started at a time, asked about a time.

import LanValues

/// The negotiation deadline of one key state.
///
/// A value type; O(1) everywhere. It never fires by itself: the key state asks
/// `isExpired(now:)` when it wakes up, and includes `deadline` in its next wakeup.
public struct HandshakeWindow: Sendable, Equatable {
    /// OpenVPN 2.6's default `--hand-window` (openvpn3 uses the same).
    public static let defaultLength: Duration = .seconds(60)

    /// When negotiation started: the key state's creation or its reset.
    public let started: Timestamp
    /// How long negotiation may take.
    public let length: Duration

    /// A window opening at `started`.
    /// - Precondition: `length` > 0.
    public init(started: Timestamp, length: Duration = defaultLength) {
        precondition(length > .zero, "a handshake window must have a positive length")
        self.started = started
        self.length = length
    }

    /// The first instant at which the handshake has failed.
    public var deadline: Timestamp { started + length }

    /// True once `now` reaches the deadline.
    public func isExpired(now: Timestamp) -> Bool { now >= deadline }

    /// Time left before the deadline; zero once expired.
    public func remaining(now: Timestamp) -> Duration { max(.zero, deadline - now) }
}
