// Tests of what deploy says: dry-run lines and diffs, ssh command lines and failure messages,
// the board's lines and the summary table.

import LanDeploy
import LanInventory
import XCTest

final class DeployTextTests: XCTestCase {
    let target = DeployTarget(
        server: "hangzhou", ssh: SSHAddress(user: "root", host: "203.0.113.10", port: 2222), key: "/keys/deploy",
        installDir: "/srv/lan")
    let options = SSHOptions(knownHosts: "/tmp/kh", controlFolder: "/tmp/lsd-x")

    func testUnifiedDiffShowsOnlyTheChangeWithContext() {
        let old = (1...20).map { "line \($0)" }.joined(separator: "\n") + "\n"
        let new = old.replacingOccurrences(of: "line 10\n", with: "line ten\n")
        let diff = TextDiff.unified(old: old, new: new, oldName: "a", newName: "b")
        XCTAssertEqual(
            diff,
            [
                "--- a", "+++ b", "@@ -7,7 +7,7 @@", " line 7", " line 8", " line 9", "-line 10", "+line ten",
                " line 11", " line 12", " line 13",
            ])
        XCTAssertEqual(TextDiff.unified(old: old, new: old, oldName: "a", newName: "b"), [])
        let long = TextDiff.unified(old: "", new: old, oldName: "a", newName: "b", limit: 5)
        XCTAssertEqual(long.last, "… 16 more lines")
    }

    func testDryRunNamesChangesDiffsConfigAndHidesSecrets() {
        let content = ReleaseContent(files: [
            ReleaseFile(name: "server.yaml", sha256: "n", size: 4, mode: 0o644, source: .text("a: 2\n")),
            ReleaseFile(name: "server.key", sha256: "k2", size: 4, mode: 0o600, source: .text("KEY2")),
            ReleaseFile(name: "lanstitch", sha256: "b", size: 2_500_000, mode: 0o755, source: .file("/x")),
        ])
        var remote = RemoteState()
        remote.current = "r1"
        remote.running = 7
        remote.files = ["server.yaml": "o", "server.key": "k1", "lanstitch": "b", "old.conf": "z"]
        let plan = ChangePlan.make(content, against: remote)
        let lines = DryRunText.lines(plan, content: content, remote: remote, remoteText: ["server.yaml": "a: 1\n"])
        XCTAssertEqual(
            lines,
            [
                "removed  old.conf", "changed  server.key (secret; not shown)", "changed  server.yaml",
                "    --- server.yaml (on the host)", "    +++ server.yaml (from the inventory)", "    @@ -1,1 +1,1 @@",
                "    -a: 1", "    +a: 2", "restart  lanstitch server --daemon (supervisor) (new release)",
            ])
    }

    func testSSHArgumentsCheckHostKeysAndShareOneConnection() {
        let arguments = SSHCommand.arguments(target, options, remote: "echo hi")
        XCTAssertEqual(arguments.first, "ssh")
        XCTAssertEqual(Array(arguments.suffix(3)), ["--", "203.0.113.10", "echo hi"])
        for option in [
            "BatchMode=yes", "StrictHostKeyChecking=yes", "UserKnownHostsFile=/tmp/kh", "ControlPath=/tmp/lsd-x/%C",
        ] {
            XCTAssertTrue(arguments.contains(option), option)
        }
        XCTAssertEqual(arguments[arguments.firstIndex(of: "-p")! + 1], "2222")
        XCTAssertEqual(arguments[arguments.firstIndex(of: "-i")! + 1], "/keys/deploy")
        XCTAssertEqual(arguments[arguments.firstIndex(of: "-l")! + 1], "root")
        XCTAssertEqual(
            Array(SSHCommand.closeArguments(target, options).suffix(4)), ["-O", "exit", "--", "203.0.113.10"])
    }

    func testSSHFailuresSayHowToFixThem() {
        let changed = SSHCommand.explain(
            "@@@@@\n@    WARNING: REMOTE HOST IDENTIFICATION HAS CHANGED!     @\nHost key verification failed.\n",
            target: target, options: options)
        XCTAssertTrue(changed.contains("does not match"), changed)
        XCTAssertTrue(changed.contains("ssh-keygen -R '[203.0.113.10]:2222' -f /tmp/kh"), changed)
        let unknown = SSHCommand.explain(
            "No ED25519 host key is known for [203.0.113.10]:2222 and you have requested strict checking.\nHost key verification failed.\n",
            target: target, options: options)
        XCTAssertTrue(unknown.contains("is not in /tmp/kh"), unknown)
        XCTAssertTrue(unknown.contains("ssh-keyscan -p 2222 203.0.113.10 >> /tmp/kh"), unknown)
        let refused = SSHCommand.explain(
            "ssh: connect to host 203.0.113.10 port 2222: Connection refused\n", target: target, options: options)
        XCTAssertTrue(refused.hasPrefix("cannot reach 203.0.113.10:2222"), refused)
        let denied = SSHCommand.explain(
            "root@203.0.113.10: Permission denied (publickey).", target: target, options: options)
        XCTAssertTrue(denied.contains("authorized_keys"), denied)
    }

    func testSSHAddresses() {
        XCTAssertEqual(SSHAddress("root@203.0.113.10"), SSHAddress(user: "root", host: "203.0.113.10"))
        XCTAssertEqual(SSHAddress("ops@vps.example.com:2200")?.port, 2200)
        for bad in ["203.0.113.10", "root@", "-oProxy=x@h", "root@host:0", "root@host:22:1", "a b@host", "root@ho st"] {
            XCTAssertNil(SSHAddress(bad), bad)
        }
    }

    func testBoardLinesAndSummary() {
        XCTAssertEqual(
            DeployBoard.describe(.uploading(done: 50, total: 100)), "uploading [##########..........] 50% of 100 B")
        XCTAssertEqual(DeployBoard.line("hk", .connecting, width: 8), "hk        connecting")
        var healthy = ServerReport(target: target, outcome: .healthy, release: "r2")
        healthy.uploadedBytes = 2_500_000
        healthy.restarted = true
        healthy.seconds = 1.25
        let failed = ServerReport(target: target, outcome: .failed("cannot reach 203.0.113.10:2222"))
        let lines = SummaryTable.lines([healthy, failed], dryRun: false)
        XCTAssertEqual(lines[0], "server    host                    result   release  uploaded  restarted  time")
        XCTAssertEqual(lines[1], "hangzhou  root@203.0.113.10:2222  healthy  r2       2.5 MB    yes        1.2 s")
        XCTAssertEqual(lines[3], "hangzhou: cannot reach 203.0.113.10:2222")
        XCTAssertEqual(lines.last, "1 of 2 servers failed")
    }
}
