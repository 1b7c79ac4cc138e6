// `lanstitch server --config DIR/server.yaml`: run the server daemon in the foreground until
// SIGTERM or SIGINT, then remove its kernel routes and exit.

import ArgumentParser
import Foundation
import LanDaemon

struct ServerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "server",
        abstract: "Run the lanstitch server daemon (foreground) from a bundle's server.yaml.")

    @Option(name: .long, help: "The bundle's server.yaml (from `lanstitch bundle`).")
    var config: String

    @Flag(name: .long, help: "Run detached (hosts without systemd): start in a session of its own, then exit.")
    var daemon = false

    @Option(name: .long, help: "With --daemon: the file that holds the daemon's pid (removed on a clean exit).")
    var pidfile: String?

    @Option(name: .long, help: "With --daemon: the log the daemon appends to (default: the pidfile's folder).")
    var log: String?

    func validate() throws {
        if daemon && pidfile == nil { throw ValidationError("--daemon needs --pidfile PATH") }
        if log != nil && !daemon { throw ValidationError("--log is only for --daemon") }
    }

    func run() throws {
        if daemon, let pidfile { return try startDetached(pidfile: pidfile) }
        defer { if let pidfile { Supervisor.release(pidfile) } }
        let daemon: ServerDaemon
        do {
            let configuration = try DaemonConfiguration.load(config)
            daemon = try ServerDaemon(configuration: configuration, log: Foreground.log)
        } catch {
            throw Output.fail(error)
        }
        try Foreground.run(stop: daemon.stopHandle) { try daemon.run() }
    }

    /// `--daemon`: absolute paths (the daemon's folder is not ours), spawn, report, exit 0.
    func startDetached(pidfile: String) throws {
        let absolute = { (path: String) in URL(fileURLWithPath: path).standardizedFileURL.path }
        let pidPath = absolute(pidfile)
        let logPath = absolute(log ?? ((pidPath as NSString).deletingLastPathComponent + "/lanstitch.log"))
        do {
            let pid = try Supervisor.start(config: absolute(config), pidfile: pidPath, log: logPath)
            print("lanstitch server started as pid \(pid); pidfile \(pidPath), log \(logPath)")
        } catch {
            throw Output.fail(error)
        }
    }
}
