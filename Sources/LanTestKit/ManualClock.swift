// ManualClock: simulated time for protocol tests. It starts at zero and moves only when a
// test advances it, so timers, backoff and delays are exact and runs are reproducible.
// Code under test never sees the clock: tests pass `now` in (STYLE.md habit 7), converting it
// to the protocol's own time type (LanProtocol's `Timestamp(sinceOrigin:)`).

import LanValues

/// A settable, monotonic clock measured as the time elapsed since its origin.
///
/// A value type; not thread-safe. Advancing is O(1).
public struct ManualClock: Sendable, Equatable, CustomStringConvertible {
    /// Time since the origin.
    public private(set) var now: Duration

    /// A clock at `start` (the origin by default).
    public init(start: Duration = .zero) {
        precondition(start >= .zero, "a manual clock starts at or after its origin")
        now = start
    }

    /// Moves time forward by `interval`.
    /// - Precondition: `interval` ≥ 0 — time never runs backwards.
    public mutating func advance(by interval: Duration) {
        precondition(interval >= .zero, "a manual clock never runs backwards (asked for \(interval))")
        now += interval
    }

    /// Moves time forward to `instant`; a no-op when `instant` is not later than `now`.
    public mutating func advance(to instant: Duration) {
        if instant > now { now = instant }
    }

    public var description: String { "t+\(now)" }
}
