// `lanstitch server --config DIR/server.yaml`: run the server daemon in the foreground until
// SIGTERM or SIGINT, then remove its kernel routes and exit. SIGHUP re-reads the bundle. It also
// serves its control socket (`lanstitch status`) and Prometheus metrics, and logs through swift-log.

import ArgumentParser
import Foundation
import LanDaemon
import LanLinux
import LanValues

struct ServerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "server",
        abstract: "Run the lanstitch server daemon (foreground) from a bundle's server.yaml.",
        discussion: """
            The control socket (for `lanstitch status`) is /run/lanstitch/SERVER.sock unless --control \
            says otherwise; Prometheus metrics are served at http://TUNNEL-ADDRESS:9217/metrics unless \
            --metrics says otherwise. See docs/status.md.
            """)

    @Option(name: .long, help: "The bundle's server.yaml (from `lanstitch bundle`).")
    var config: String

    @Option(name: .long, help: "The control socket's path (root only), or `none`. Default: /run/lanstitch/SERVER.sock.")
    var control: String?

    @Option(name: .long, help: "Where to serve /metrics, ADDR:PORT, or `none`. Default: the tunnel address, port 9217.")
    var metrics: String?

    @OptionGroup var logging: LogOptions

    func validate() throws {
        if let metrics, metrics != "none", Self.endpoint(metrics) == nil {
            throw ValidationError("--metrics \(metrics): write ADDR:PORT with an IPv4 address (or none)")
        }
    }

    static func endpoint(_ text: String) -> IPv4Endpoint? {
        let parts = text.split(separator: ":")
        guard parts.count == 2, let address = IPv4Address(String(parts[0])), let port = UInt16(parts[1]) else {
            return nil
        }
        return IPv4Endpoint(address: address, port: port)
    }

    func run() throws {
        let daemon: ServerDaemon
        do {
            let logger = try logging.logger()
            let settings = ObservationSettings(
                control: control.map { $0 == "none" ? .off : .at($0) } ?? .standard,
                metrics: metrics.map { $0 == "none" ? .off : Self.endpoint($0).map { .at($0) } ?? .off } ?? .standard,
                version: Lanstitch.version, logger: logger)
            let configuration = try DaemonConfiguration.load(config)
            daemon = try ServerDaemon(configuration: configuration, log: LogOptions.lines(logger), observe: settings)
        } catch {
            throw Output.fail(error)
        }
        try Foreground.run(stop: daemon.stopHandle, reload: daemon.reloadHandle) { try daemon.run() }
    }
}
