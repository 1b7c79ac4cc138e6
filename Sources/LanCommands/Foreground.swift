// Foreground: how `lanstitch server` and `lanstitch up` run — in the foreground until SIGTERM
// or SIGINT, which ask the loop to stop (it then cleans up: routes, EXIT) instead of killing it.

import Dispatch
import Foundation
import LanValues

enum Foreground {
    /// Runs `body` with SIGTERM and SIGINT turned into calls of `stop`; failures print and exit 1.
    /// With `reload`, SIGHUP calls it (the server re-reads its bundle).
    static func run(
        stop: @escaping @Sendable () -> Void, reload: (@Sendable () -> Void)? = nil, _ body: () throws -> Void
    ) throws {
        var sources: [DispatchSourceSignal] = []
        let handlers: [(Int32, @Sendable () -> Void)] =
            [(SIGTERM, stop), (SIGINT, stop)] + (reload.map { [(SIGHUP, $0)] } ?? [])
        for (number, handler) in handlers {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { handler() }
            source.resume()
            sources.append(source)
        }
        defer { sources.forEach { $0.cancel() } }
        do {
            try body()
        } catch {
            throw Output.fail(error)
        }
    }

    /// One line per event on standard error, with a UTC timestamp.
    @Sendable static func log(_ line: String) {
        let stamp = ISO8601DateFormatter().string(from: Date())
        FileHandle.standardError.write(Data("\(stamp) \(line)\n".utf8))
    }
}
