// `lanstitch deploy` and `lanstitch server --daemon` parse as DESIGN.md and the README say;
// the detached daemon gets the server's other options, with --daemon and the paths replaced.

import ArgumentParser
import Testing

@testable import LanCommands

@Suite struct DeployArgumentTests {
    @Test func deployTakesOnlyParallelDryRunAndKnownHosts() throws {
        let deploy = try #require(
            try Lanstitch.parseAsRoot([
                "deploy", "inv.yaml", "--dry-run", "--only", "a", "--only", "b", "--parallel", "2", "--known-hosts",
                "kh",
            ]) as? DeployCommand)
        #expect(deploy.inventory == "inv.yaml" && deploy.dryRun && deploy.parallel == 2)
        #expect(deploy.only == ["a", "b"] && deploy.knownHosts == "kh")
        let plain = try #require(try Lanstitch.parseAsRoot(["deploy", "inv.yaml"]) as? DeployCommand)
        #expect(!plain.dryRun && plain.parallel == 4 && plain.only.isEmpty && plain.healthTimeout == 15)
        #expect(throws: (any Error).self) { try Lanstitch.parseAsRoot(["deploy", "inv.yaml", "--parallel", "0"]) }
    }

    @Test func daemonNeedsAPidfile() throws {
        #expect(throws: (any Error).self) { try Lanstitch.parseAsRoot(["server", "--config", "s.yaml", "--daemon"]) }
        #expect(throws: (any Error).self) {
            try Lanstitch.parseAsRoot(["server", "--config", "s.yaml", "--log-file", "x.log"])
        }
        let server = try #require(
            try Lanstitch.parseAsRoot(["server", "--config", "s.yaml", "--daemon", "--pidfile", "p"]) as? ServerCommand)
        #expect(server.daemon && server.pidfile == "p")
    }

    @Test func theDetachedDaemonGetsTheOtherOptions() {
        #expect(
            Supervisor.passedOn([
                "--config", "s.yaml", "--daemon", "--pidfile=p", "--log-file", "l", "--control", "c.sock",
                "--log-level", "debug",
            ]) == ["--control", "c.sock", "--log-level", "debug"])
    }
}
