// `lanstitch server --config DIR/server.yaml`: run the server daemon in the foreground until
// SIGTERM or SIGINT, then remove its kernel routes and exit. SIGHUP re-reads the bundle.

import ArgumentParser
import Foundation
import LanDaemon

struct ServerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "server",
        abstract: "Run the lanstitch server daemon (foreground) from a bundle's server.yaml.")

    @Option(name: .long, help: "The bundle's server.yaml (from `lanstitch bundle`).")
    var config: String

    func run() throws {
        let daemon: ServerDaemon
        do {
            let configuration = try DaemonConfiguration.load(config)
            daemon = try ServerDaemon(configuration: configuration, log: Foreground.log)
        } catch {
            throw Output.fail(error)
        }
        try Foreground.run(stop: daemon.stopHandle, reload: daemon.reloadHandle) { try daemon.run() }
    }

}
