// `lanstitch server --config DIR/server.yaml`: run the server daemon in the foreground until
// SIGTERM or SIGINT, then remove its kernel routes and exit. SIGHUP re-reads the bundle. It also
// serves its control socket (`lanstitch status`) and Prometheus metrics, and logs through swift-log.
// With --daemon --pidfile (hosts without systemd) it starts itself detached and exits (Supervisor).

import ArgumentParser
import Foundation
import LanControl
import LanControlClient
import LanDaemon
import LanHost
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

    @Option(
        name: .long,
        help: """
            The control socket's path (root only), or `none`. Default: /run/lanstitch/SERVER.sock. \
            Only a leftover socket there is replaced; any other file is refused and left alone.
            """)
    var control: String?

    @Option(name: .long, help: "Where to serve /metrics, ADDR:PORT, or `none`. Default: the tunnel address, port 9217.")
    var metrics: String?

    @Option(
        name: .customLong("reneg-sec"),
        help: "Seconds a data-channel key lives before the server renegotiates it, as OpenVPN's reneg-sec (10–86400).")
    var renegSeconds: Int = 3240

    @OptionGroup var logging: LogOptions

    @Flag(name: .long, help: "Run detached (hosts without systemd): start in a session of its own, then exit.")
    var daemon = false

    @Option(name: .long, help: "The file that holds the daemon's pid (removed on a clean exit); needed by --daemon.")
    var pidfile: String?

    @Option(
        name: .long, help: "With --daemon: the file the daemon's output is appended to (default: beside the pidfile).")
    var logFile: String?

    func validate() throws {
        if daemon && pidfile == nil { throw ValidationError("--daemon needs --pidfile PATH") }
        if logFile != nil && !daemon { throw ValidationError("--log-file is only for --daemon") }
        if !(10...86_400).contains(renegSeconds) {
            throw ValidationError("--reneg-sec \(renegSeconds): give 10 to 86400 seconds (default 3240)")
        }
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
        if let control, control != "none", let problem = ControlSocket.problemServing(at: control) {
            throw Output.fail(ControlSocketError(problem))
        }
        if daemon, let pidfile { return try startDetached(pidfile: pidfile) }
        defer { if let pidfile { Supervisor.release(pidfile) } }
        let daemon: ServerDaemon
        do {
            let logger = try logging.logger()
            let settings = ObservationSettings(
                control: control.map { $0 == "none" ? .off : .at($0) } ?? .standard,
                metrics: metrics.map { $0 == "none" ? .off : Self.endpoint($0).map { .at($0) } ?? .off } ?? .standard,
                version: Lanstitch.version, logger: logger, process: LinuxHosts.processSample)
            let configuration = try DaemonConfiguration.load(config)
            daemon = try ServerDaemon(
                configuration: configuration, host: try LinuxHosts.server(), log: LogOptions.lines(logger),
                observe: settings, keyLifetime: .seconds(renegSeconds))
        } catch {
            throw Output.fail(error)
        }
        try Foreground.run(stop: daemon.stopHandle, reload: daemon.reloadHandle) { try daemon.run() }
    }

    /// `--daemon`: spawn `server` with the same options (absolute paths), report, exit 0.
    func startDetached(pidfile: String) throws {
        let absolute = { (path: String) in URL(fileURLWithPath: path).standardizedFileURL.path }
        let pidPath = absolute(pidfile)
        let logPath = absolute(logFile ?? ((pidPath as NSString).deletingLastPathComponent + "/lanstitch.log"))
        let passed = Supervisor.passedOn(Array(CommandLine.arguments.dropFirst(2)))
        do {
            let pid = try Supervisor.start(
                ["server", "--config", absolute(config), "--pidfile", pidPath] + passed, pidfile: pidPath, log: logPath)
            print("lanstitch server started as pid \(pid); pidfile \(pidPath), log \(logPath)")
        } catch {
            throw Output.fail(error)
        }
    }
}
