// The shell text deploy runs on hosts: every script is valid POSIX sh (`sh -n`), quotes the
// install folder, and the ones that signal a daemon only do so after checking it is ours.

import Foundation
import LanDeploy
import XCTest

final class RemoteScriptTests: XCTestCase {
    let dir = "/opt/lan stitch's"

    var scripts: [String: String] {
        [
            "probe": RemoteScripts.probe(dir),
            "read": RemoteScripts.read(dir, names: ["server.yaml", "crl.pem"]),
            "receive": RemoteScripts.receive(dir, release: "20250101-000000-aaaaaaaa", reuse: ["lanstitch"]),
            "activate": RemoteScripts.activate(dir, release: "20250101-000000-aaaaaaaa"),
            "restart": RemoteScripts.restart(dir, systemd: false, installUnit: false, installSysctl: false),
            "restart-systemd": RemoteScripts.restart(dir, systemd: true, installUnit: true, installSysctl: true),
            "health": RemoteScripts.health(dir, systemd: false, mark: 10, seconds: 5, socket: "\(dir)/lanstitch.sock"),
            "health-systemd": RemoteScripts.health(
                dir, systemd: true, mark: 10, seconds: 5, socket: "/run/lanstitch/a.sock"),
            "remove": RemoteScripts.remove(dir, releases: ["a", "b"]),
        ]
    }

    func testEveryScriptIsValidShell() throws {
        for (name, script) in scripts {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/bin/sh")
            process.arguments = ["-n", "-c", script]
            try process.run()
            process.waitUntilExit()
            XCTAssertEqual(process.terminationStatus, 0, "\(name):\n\(script)")
            XCTAssertTrue(script.contains("D='/opt/lan stitch'\\''s'"), name)
        }
    }

    func testSignalsOnlyOurDaemon() {
        let restart = RemoteScripts.restart(dir, systemd: false, installUnit: false, installSysctl: false)
        XCTAssertTrue(restart.contains("if pid=$(ours); then\n  kill -TERM \"$pid\""), restart)
        XCTAssertTrue(restart.contains("grep -qxF \"$P\""), "ours() checks the daemon's command line names the pidfile")
        XCTAssertTrue(restart.contains("--control \"$D/lanstitch.sock\""))
    }

    func testHealthAsksTheControlSocketNotTheLog() {
        let health = RemoteScripts.health(dir, systemd: false, mark: 10, seconds: 5, socket: "/run/x/a.sock")
        XCTAssertTrue(health.contains("S='/run/x/a.sock'"), health)
        XCTAssertTrue(health.contains("status --json --socket \"$S\""), health)
        XCTAssertTrue(health.contains("if answer=$(ask); then echo \"healthy $pid\""), health)
        XCTAssertFalse(health.contains("kernel routes installed"), "readiness is the socket's answer, not a log line")
    }

    func testTheCurrentLinkSwitchesAtomically() {
        let activate = RemoteScripts.activate(dir, release: "r2")
        XCTAssertTrue(
            activate.contains("ln -sfn \"releases/r2\" \"$D/.current.tmp\"\nmv -T \"$D/.current.tmp\" \"$D/current\""))
    }
}
