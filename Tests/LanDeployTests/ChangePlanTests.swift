// Tests of the pure deploy decisions: change plans from hashes, release names and pruning,
// the probe's answer parsed.

import Foundation
import LanDeploy
import XCTest

final class ChangePlanTests: XCTestCase {
    func file(_ name: String, _ hash: String, mode: Int = 0o644) -> ReleaseFile {
        ReleaseFile(name: name, sha256: hash, size: 10, mode: mode, source: .text(name))
    }

    var content: ReleaseContent {
        ReleaseContent(files: [
            file("server.yaml", "a1"), file("server.key", "k1", mode: 0o600),
            ReleaseFile(name: "lanstitch", sha256: "b1", size: 100, mode: 0o755, source: .file("/bin/true")),
            file("lanstitch.service", "u1"), file("99-lanstitch.conf", "s1"),
        ])
    }

    func remote(_ files: [String: String], running: Int? = 42, systemd: Bool = false) -> RemoteState {
        var state = RemoteState()
        state.files = files
        state.current = files.isEmpty ? nil : "20250101-000000-aaaaaaaa"
        state.running = running
        state.systemd = systemd
        if systemd {
            state.unit = "u1"
            state.sysctl = "s1"
        }
        return state
    }

    func testSameHashesOnARunningDaemonIsEmpty() {
        let same = [
            "server.yaml": "a1", "server.key": "k1", "lanstitch": "b1", "lanstitch.service": "u1",
            "99-lanstitch.conf": "s1",
        ]
        let plan = ChangePlan.make(content, against: remote(same))
        XCTAssertTrue(plan.isEmpty)
        XCTAssertEqual(plan.upload, [])
        XCTAssertFalse(plan.restart)
        XCTAssertEqual(plan.reuse.count, 5)
    }

    func testFirstDeployAddsEverythingAndStarts() {
        let plan = ChangePlan.make(content, against: remote([:], running: nil))
        XCTAssertEqual(plan.changes.map(\.kind), Array(repeating: .added, count: 5))
        XCTAssertTrue(plan.restart)
        XCTAssertTrue(plan.needsRelease)
    }

    func testAChangedConfigUploadsOnlyItAndReusesTheBinary() {
        var files = [
            "server.yaml": "OLD", "server.key": "k1", "lanstitch": "b1", "lanstitch.service": "u1",
            "99-lanstitch.conf": "s1", "stray.txt": "x",
        ]
        let plan = ChangePlan.make(content, against: remote(files))
        XCTAssertEqual(plan.upload, ["server.yaml"])
        XCTAssertEqual(plan.changes.map(\.kind), [.changed, .removed])
        XCTAssertTrue(plan.reuse.contains("lanstitch"))
        XCTAssertTrue(plan.restart)
        files["server.yaml"] = "a1"
        files["stray.txt"] = nil
        XCTAssertFalse(ChangePlan.make(content, against: remote(files, running: nil)).needsRelease)
        XCTAssertTrue(ChangePlan.make(content, against: remote(files, running: nil)).restart, "not running: start")
    }

    func testSystemdUnitDriftInstallsAndRestartsWithoutANewRelease() {
        let same = [
            "server.yaml": "a1", "server.key": "k1", "lanstitch": "b1", "lanstitch.service": "u1",
            "99-lanstitch.conf": "s1",
        ]
        var state = remote(same, running: 0, systemd: true)
        XCTAssertTrue(ChangePlan.make(content, against: state).isEmpty)
        state.unit = "edited by hand"
        state.sysctl = nil
        let plan = ChangePlan.make(content, against: state)
        XCTAssertTrue(plan.installUnit)
        XCTAssertTrue(plan.installSysctl)
        XCTAssertFalse(plan.needsRelease)
        XCTAssertTrue(plan.restart)
    }

    func testProbeOutputParses() throws {
        let text = """
            systemd no
            current releases/20250102-000000-bbbbbbbb
            release 20250102-000000-bbbbbbbb
            release 20250101-000000-aaaaaaaa
            file abc server.yaml
            file def lanstitch
            running 1234
            end
            """
        let state = try XCTUnwrap(RemoteState.parse(text))
        XCTAssertEqual(state.current, "20250102-000000-bbbbbbbb")
        XCTAssertEqual(state.releases, ["20250101-000000-aaaaaaaa", "20250102-000000-bbbbbbbb"])
        XCTAssertEqual(state.files, ["server.yaml": "abc", "lanstitch": "def"])
        XCTAssertEqual(state.running, 1234)
        XCTAssertNil(RemoteState.parse("systemd no\ncurrent \n"), "no end line: a cut-off answer")
        XCTAssertNil(try XCTUnwrap(RemoteState.parse("current \nrunning no\nend")).running)
    }

    func testReleaseNamesSortByTime() {
        let date = Date(timeIntervalSince1970: 1_735_689_600)  // 2025-01-01 00:00:00 UTC
        XCTAssertEqual(ReleasePruning.name(at: date, fingerprint: "0123abcd"), "20250101-000000-0123abcd")
        XCTAssertLessThan(
            ReleasePruning.name(at: date, fingerprint: "ffffffff"),
            ReleasePruning.name(at: date.addingTimeInterval(1), fingerprint: "00000000"))
    }

    func testPruningKeepsThreeAndNeverCurrentOrPrevious() {
        let names = (1...6).map { "2025010\($0)-000000-aaaaaaaa" }
        XCTAssertEqual(
            ReleasePruning.doomed(names, current: names[5], previous: names[4]), Array(names[0...2]))
        XCTAssertEqual(ReleasePruning.doomed(names, current: names[5], previous: nil), Array(names[0...2]))
        // A rollback made an old release current again: it and the previous stay.
        XCTAssertEqual(
            ReleasePruning.doomed(names, current: names[0], previous: names[5]), Array(names[1...3]))
        XCTAssertEqual(ReleasePruning.doomed(Array(names.prefix(2)), current: names[1], previous: names[0]), [])
    }
}
