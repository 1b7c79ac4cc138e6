// ServerContext: what every component of the server daemon reads and nothing owns alone — the
// configuration (replaced whole by a reload), the server-wide counters, the loop's time for
// this turn, the random source and the two logs. The loop reads the clock once per wake-up
// (`tick`); components take `now` from here and never read a clock themselves.

import LanBundle
import LanDataPlane
import LanHost
import LanPlan
import LanProtocol
import LanValues
import LanWire
import Logging

/// The shared, loop-owned environment of the server's components. Not thread-safe.
final class ServerContext {
    var configuration: DaemonConfiguration
    let counters = ServerCounters()
    /// The loop's time for this turn (set by `tick`), shared with the data plane.
    let time: LoopTime
    var now: Timestamp { time.now }
    var clock: any DaemonClock { time.clock }
    /// Plain log lines (the command line sends them to the structured logger) and the logger
    /// for events with metadata (EventLog).
    let log: @Sendable (String) -> Void
    let events: EventLog
    var generator = SystemRandomNumberGenerator()
    /// How long a data-channel key lives before this server renegotiates (reneg-sec), and the
    /// packet id from which a key is renegotiated (tests lower both).
    let keyLifetime: Duration
    let renegotiationPacketID: UInt32

    init(
        configuration: DaemonConfiguration, clock: any DaemonClock, log: @escaping @Sendable (String) -> Void,
        logger: Logger, keyLifetime: Duration, renegotiationPacketID: UInt32
    ) {
        self.configuration = configuration
        time = LoopTime(clock: clock)
        self.log = log
        events = EventLog(logger: logger)
        self.keyLifetime = keyLifetime
        self.renegotiationPacketID = renegotiationPacketID
    }

    /// Reads the clock: once when the loop wakes, once before its timers.
    func tick() { time.tick() }

    /// The plan and the keepalive settings of the configuration now.
    var plan: ServerPlan { configuration.plan }
    var keepalive: ServerConfig.Keepalive { configuration.keepalive }
    var tunnelAddress: IPv4Address { configuration.tunnelAddress }
    var server: String { configuration.settings.server }
}
