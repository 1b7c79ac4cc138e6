// `lanstitch deploy INVENTORY [--dry-run] [--only S]... [--parallel N] [--known-hosts FILE]`:
// bring every server of the inventory to its planned release over SSH (LanDeploy), with a live
// line per server, a summary table, and exit 1 if any server failed or was rolled back.

import ArgumentParser
import Foundation
import LanDeploy
import LanState
import LanValues

struct DeployCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "deploy",
        abstract: "Install each server's release over SSH and restart only what changed.",
        discussion: """
            Uploads this lanstitch binary (build it with `swift build -c release --static-swift-stdlib`) \
            and each server's bundle into INSTALL_DIR/releases/, switches INSTALL_DIR/current, restarts \
            the service (systemd, or `lanstitch server --daemon` without it) and checks its health; a \
            release that fails is rolled back. See README.md, "Deploy to your servers".
            """)

    @Argument(help: "The inventory YAML file; servers need `ssh: user@host[:port]`.")
    var inventory: String

    @Flag(name: .long, help: "Only show what would change on each server (drift detection); change nothing.")
    var dryRun = false

    @Option(name: .long, help: "Deploy only this server (repeatable).")
    var only: [String] = []

    @Option(name: .long, help: "Servers deployed at the same time.")
    var parallel = 4

    @Option(name: .long, help: "The known_hosts file host keys are checked against (default ~/.ssh/known_hosts).")
    var knownHosts: String?

    @Option(name: .long, help: "Seconds a restarted server has to become healthy before it is rolled back.")
    var healthTimeout = 15

    func validate() throws {
        guard (1...64).contains(parallel) else { throw ValidationError("--parallel must be 1 to 64") }
        guard (1...600).contains(healthTimeout) else { throw ValidationError("--health-timeout must be 1 to 600") }
    }

    func run() throws {
        signal(SIGPIPE, SIG_IGN)
        var request = DeployRequest()
        request.only = only
        request.dryRun = dryRun
        request.parallel = parallel
        request.knownHosts = knownHosts
        request.healthSeconds = healthTimeout
        let reports: [ServerReport]
        do {
            let workspace = try Workspace.open(inventory)
            let targets = try Fleet.targets(workspace, request)
            let board = DeployBoard(servers: targets.map(\.server), terminal: isatty(1) == 1) { text in
                FileHandle.standardOutput.write(Data(text.utf8))
            }
            reports = try Fleet.deploy(workspace, targets: targets, request, board: board)
        } catch {
            throw Output.fail(error)
        }
        print("")
        for line in SummaryTable.lines(reports, dryRun: dryRun) { print(line) }
        if reports.contains(where: \.outcome.isFailure) { throw ExitCode(1) }
    }
}
