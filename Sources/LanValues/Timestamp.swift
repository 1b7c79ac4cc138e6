// Timestamp: the protocol's notion of "now", a plain value the caller passes in.
// LanProtocol never reads a clock (STYLE.md habit 7): the daemon converts its monotonic clock
// into a `Timestamp`, tests convert a `ManualClock`. Intervals are Swift's `Duration`.

/// A point in time, in whole milliseconds since an origin the caller chooses (boot, process
/// start, or zero in tests). Only differences and order are meaningful.
///
/// A value type; comparison and arithmetic are O(1). Arithmetic saturates instead of trapping,
/// so `distantPast` and `distantFuture` stay usable as sentinels.
public struct Timestamp: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// Milliseconds since the origin.
    public let milliseconds: Int64

    /// The instant `milliseconds` after the origin.
    public init(milliseconds: Int64) { self.milliseconds = milliseconds }

    /// The instant `elapsed` after the origin, truncated to whole milliseconds.
    public init(sinceOrigin elapsed: Duration) { self.init(milliseconds: elapsed.wholeMilliseconds) }

    /// The origin itself.
    public static let zero = Timestamp(milliseconds: 0)

    /// Earlier than any real instant: a deadline that is always already due.
    public static let distantPast = Timestamp(milliseconds: .min)

    /// Later than any real instant.
    public static let distantFuture = Timestamp(milliseconds: .max)

    public static func < (lhs: Timestamp, rhs: Timestamp) -> Bool { lhs.milliseconds < rhs.milliseconds }

    /// The instant `interval` later (earlier if negative), saturating at the sentinels.
    public static func + (lhs: Timestamp, rhs: Duration) -> Timestamp {
        let (sum, overflow) = lhs.milliseconds.addingReportingOverflow(rhs.wholeMilliseconds)
        guard overflow else { return Timestamp(milliseconds: sum) }
        return rhs.wholeMilliseconds > 0 ? .distantFuture : .distantPast
    }

    /// The interval from `rhs` to `lhs` (negative when `lhs` is earlier).
    public static func - (lhs: Timestamp, rhs: Timestamp) -> Duration {
        .milliseconds(lhs.milliseconds &- rhs.milliseconds)
    }

    public var description: String {
        switch self {
        case .distantPast: "distant past"
        case .distantFuture: "distant future"
        default: "t+\(milliseconds) ms"
        }
    }
}

extension Duration {
    /// This interval in whole milliseconds, truncated toward zero and clamped to `Int64`.
    var wholeMilliseconds: Int64 {
        let (seconds, attoseconds) = components
        let (scaled, overflow) = seconds.multipliedReportingOverflow(by: 1000)
        guard !overflow else { return seconds > 0 ? .max : .min }
        return scaled.addingReportingOverflow(attoseconds / 1_000_000_000_000_000).partialValue
    }
}
