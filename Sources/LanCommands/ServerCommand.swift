// `lanstitch server --config DIR/server.yaml`: run the server daemon in the foreground until
// SIGTERM or SIGINT, then remove its kernel routes and exit.

import ArgumentParser
import Dispatch
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
            daemon = try ServerDaemon(configuration: configuration, log: Self.log)
        } catch {
            throw Output.fail(error)
        }
        let stop = daemon.stopHandle
        var sources: [DispatchSourceSignal] = []
        for number in [SIGTERM, SIGINT] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { stop() }
            source.resume()
            sources.append(source)
        }
        do {
            try daemon.run()
        } catch {
            throw Output.fail(error)
        }
        sources.forEach { $0.cancel() }
    }

    /// One line per event on standard error, with a UTC timestamp.
    @Sendable static func log(_ line: String) {
        let stamp = ISO8601DateFormatter().string(from: Date())
        FileHandle.standardError.write(Data("\(stamp) \(line)\n".utf8))
    }
}
