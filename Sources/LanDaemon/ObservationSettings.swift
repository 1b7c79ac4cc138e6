// ObservationSettings: how a server shows itself — its control socket (`lanstitch status`),
// its Prometheus endpoint, its structured logger, and the version it reports. Given by
// `lanstitch server` (--control, --metrics, --log-format, --log-level).

import LanControl
import LanHost
import LanStatus
import LanValues
import Logging

/// What the daemon serves besides the LAN, and how it logs.
public struct ObservationSettings: Sendable {
    /// Where something is served: not at all, at its default place, or at a place given.
    public enum Place<Value: Sendable>: Sendable {
        case off
        case standard
        case at(Value)
    }

    /// The control socket; by default /run/lanstitch/SERVER.sock.
    public var control: Place<String>
    /// The metrics endpoint; by default the server's tunnel address, port 9217.
    public var metrics: Place<IPv4Endpoint>
    public var version: String
    public var logger: Logger
    /// What this process costs now (memory, CPU, descriptors), read when /metrics is asked; the
    /// command line reads /proc (LanLinux's ProcessStatistics), tests give none.
    public var process: @Sendable () -> ProcessSample?

    public init(
        control: Place<String>, metrics: Place<IPv4Endpoint>, version: String, logger: Logger,
        process: @escaping @Sendable () -> ProcessSample? = { nil }
    ) {
        self.control = control
        self.metrics = metrics
        self.version = version
        self.logger = logger
        self.process = process
    }

    /// Nothing served; logs through a logger named lanstitch.
    public static var none: ObservationSettings {
        ObservationSettings(control: .off, metrics: .off, version: "unknown", logger: Logger(label: "lanstitch"))
    }

    /// The control socket's default folder; the socket is SERVER.sock in it.
    public static let controlFolder = ControlSocket.folder
    /// The metrics endpoint's default port (on the tunnel address).
    public static let metricsPort: UInt16 = 9217

    public static func defaultControlPath(server: String) -> String { ControlSocket.path(server) }
}
