// `lanstitch status` and the observation options of `server` and `up`: the contract's names
// parse, wrong values are refused with what is allowed.

import ArgumentParser
import Testing

@testable import LanCommands

@Suite struct StatusArgumentTests {
    @Test func statusTakesJsonFormatsAndSeveralSockets() throws {
        let command = try Lanstitch.parseAsRoot([
            "status", "--format", "svg", "--socket", "a.sock", "--socket", "b.sock",
        ])
        let status = try #require(command as? StatusCommand)
        #expect(status.format == .svg && status.socket == ["a.sock", "b.sock"] && !status.json)
        #expect((try Lanstitch.parseAsRoot(["status", "--json"]) as? StatusCommand)?.json == true)
        #expect(throws: (any Error).self) { try Lanstitch.parseAsRoot(["status", "--format", "png"]) }
    }

    @Test func serverTakesControlMetricsAndLogOptions() throws {
        let command = try Lanstitch.parseAsRoot([
            "server", "--config", "s.yaml", "--control", "/tmp/x.sock", "--metrics", "0.0.0.0:9300", "--log-format",
            "json", "--log-level", "debug",
        ])
        let server = try #require(command as? ServerCommand)
        #expect(server.control == "/tmp/x.sock" && server.metrics == "0.0.0.0:9300")
        #expect(server.logging.logFormat == "json" && server.logging.logLevel == "debug")
        #expect(ServerCommand.endpoint("0.0.0.0:9300")?.port == 9300)
        for bad in [
            ["--metrics", "9300"], ["--metrics", "host:80"], ["--log-level", "loud"], ["--log-format", "xml"],
        ] {
            #expect(throws: (any Error).self) { try Lanstitch.parseAsRoot(["server", "--config", "s.yaml"] + bad) }
        }
        #expect(throws: (any Error).self) { try Lanstitch.parseAsRoot(["up", "a.ovpn", "--log-format", "xml"]) }
    }
}
