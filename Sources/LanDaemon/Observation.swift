// Observation: what the daemon keeps to be seen — the control socket and metrics listeners and
// their short-lived connections (served in ObserverService.swift), and route and link-change
// facts that the counters do not hold. Owned by the event loop like the rest of the daemon.

import Foundation
import LanHost
import LanPlan
import LanProtocol
import LanValues
import Logging

/// The daemon's observation state.
final class Observation {
    let settings: ObservationSettings
    /// The control socket's listener and path, and the metrics listener (opened by the host).
    let control: (any DaemonStreamListener)?
    let controlPath: String?
    let metrics: (any DaemonStreamListener)?
    /// When the daemon started, on the wall clock (the loop's timestamps count from here).
    let started = Date()
    /// Open control and metrics connections by poller token.
    var streams: [UInt64: ObserverStream] = [:]
    var nextToken = Observation.firstStreamToken
    /// Where observer reads land.
    let scratch = UnsafeMutableRawBufferPointer.allocate(byteCount: 4096, alignment: 1)
    /// The loop's shared state and readiness (set at init).
    let context: ServerContext
    let poller: any EventPoller
    /// Kernel routes: how many lanstitch holds, reconciliations, the last one's time and changes.
    var kernelRoutes = 0
    var reconciliations = 0
    var lastReconcile: Date?
    var lastChanges = 0
    /// The internal routes by kind after the last re-plan (nil before any: the plan's), and when.
    var liveRouteKinds: [String: Int]?
    var lastReplan: Date?
    /// The last change of each accepted link (when, and why it ended) while it has no connection.
    var acceptedLinkEnded: [String: (at: Timestamp, reason: String)] = [:]

    /// Opens the control socket and the metrics listener that `settings` ask for. A place given
    /// explicitly must open; a default place that cannot is logged and left off.
    init(
        _ settings: ObservationSettings, context: ServerContext, server: String, tunnel: IPv4Address,
        host: ServerHost
    ) throws {
        self.settings = settings
        self.context = context
        poller = host.poller
        let logger = settings.logger
        switch settings.control {
        case .off: (control, controlPath) = (nil, nil)
        case .at(let path): (control, controlPath) = (try Self.openControl(path, explicit: true, host, logger), path)
        case .standard:
            let path = ObservationSettings.defaultControlPath(server: server)
            control = try Self.openControl(path, explicit: false, host, logger)
            controlPath = control == nil ? nil : path
        }
        switch settings.metrics {
        case .off: metrics = nil
        case .at(let endpoint): metrics = try Self.openMetrics(endpoint, explicit: true, host, logger)
        case .standard:
            metrics = try Self.openMetrics(
                IPv4Endpoint(address: tunnel, port: ObservationSettings.metricsPort), explicit: false, host, logger)
        }
    }

    deinit { scratch.deallocate() }

    static func openControl(_ path: String, explicit: Bool, _ host: ServerHost, _ logger: Logger) throws
        -> (any DaemonStreamListener)?
    {
        do {
            return try host.listenControl(path)
        } catch {
            let message = "control socket \(path): \(error); give `lanstitch server --control PATH` (or --control none)"
            if explicit { throw DaemonError(message) }
            logger.warning("\(message); running without a control socket", metadata: ["event": "control"])
            return nil
        }
    }

    static func openMetrics(_ endpoint: IPv4Endpoint, explicit: Bool, _ host: ServerHost, _ logger: Logger) throws
        -> (any DaemonStreamListener)?
    {
        do {
            return try host.listenMetrics(endpoint)
        } catch {
            let message =
                "metrics endpoint \(endpoint): \(error); give `lanstitch server --metrics ADDR:PORT` (or --metrics none)"
            if explicit { throw DaemonError(message) }
            logger.warning("\(message); running without metrics", metadata: ["event": "metrics"])
            return nil
        }
    }

    /// The metrics port when /metrics listens on `tunnel` (or on every address), else nil.
    func metricsOnTunnel(_ tunnel: IPv4Address) -> UInt16? {
        guard let endpoint = metrics?.localEndpoint else { return nil }
        return endpoint.address == tunnel || endpoint.address.value == 0 ? endpoint.port : nil
    }

    /// Watches both listeners.
    func register() throws {
        if let control { try poller.add(control.pollHandle, interest: .readable, token: Self.controlToken) }
        if let metrics { try poller.add(metrics.pollHandle, interest: .readable, token: Self.metricsToken) }
    }

    /// The wall-clock time of loop timestamp `time`.
    func unixTime(_ time: Timestamp) -> Double {
        started.timeIntervalSince1970 + Double(time.milliseconds) / 1000
    }

    /// Records a reconciliation that left `installed` routes after `changes` changes.
    func reconciled(installed: Int, changes: Int) {
        kernelRoutes = installed
        reconciliations += 1
        lastReconcile = Date()
        lastChanges = changes
    }

    /// Records a re-plan that left routes via `vias`.
    func replanned(_ vias: [Via]) {
        var kinds: [String: Int] = [:]
        for via in vias {
            switch via {
            case .clients: kinds["clients", default: 0] += 1
            case .site: kinds["site", default: 0] += 1
            case .link: kinds["link", default: 0] += 1
            case .unreachable: kinds["unreachable", default: 0] += 1
            }
        }
        liveRouteKinds = kinds
        lastReplan = Date()
    }

    /// Closes the listeners and every open connection (the control socket's file goes too).
    func close() {
        for stream in streams.values { try? stream.stream.close() }
        streams.removeAll()
        try? control?.close()
        try? metrics?.close()
    }
}
