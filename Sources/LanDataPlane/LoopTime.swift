// LoopTime: the event loop's notion of now, read from the host's clock once per wake-up and
// shared by every component, so a whole batch of packets sees one time and nothing on the
// per-packet path reads a clock.

import LanHost
import LanValues

/// The loop's time. Owned by the loop; not thread-safe.
public final class LoopTime {
    public let clock: any DaemonClock
    public private(set) var now: Timestamp

    public init(clock: any DaemonClock) {
        self.clock = clock
        now = clock.now
    }

    /// Reads the clock: once when the loop wakes, once before its timers.
    public func tick() { now = clock.now }
}
