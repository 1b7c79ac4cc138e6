// Fleet: `lanstitch deploy` as a whole — plan the LAN once, render each server's release,
// hash the binary once, then deploy the servers in parallel (at most `parallel` at a time),
// each on its own thread with its own outcome: one server's failure never stops the others.

import Foundation
import LanCrypto
import LanPKI
import LanState

/// What `lanstitch deploy` was asked to do.
public struct DeployRequest: Sendable {
    public var only: [String] = []
    public var dryRun = false
    public var parallel = 4
    /// known_hosts file; nil means ~/.ssh/known_hosts.
    public var knownHosts: String?
    public var healthSeconds = 15
    /// The binary to install (default: this process's own executable).
    public var binary: String?

    public init() {}
}

public enum Fleet {
    /// The targets of `request`, checked before anything connects (throws Diagnostics).
    public static func targets(_ workspace: Workspace, _ request: DeployRequest) throws -> [DeployTarget] {
        try DeployTarget.targets(workspace.inventory, only: request.only)
    }

    /// Deploys `targets`, showing phases on `board`; returns one report per target, in order.
    public static func deploy(
        _ workspace: Workspace, targets: [DeployTarget], _ request: DeployRequest, board: DeployBoard
    ) throws -> [ServerReport] {
        let knownHosts = request.knownHosts ?? (NSHomeDirectory() + "/.ssh/known_hosts")
        guard FileManager.default.isReadableFile(atPath: knownHosts) else {
            throw DeployError(
                "known_hosts file \(knownHosts) does not exist; add each server's host key after checking its fingerprint: ssh-keyscan -p PORT HOST >> \(knownHosts) (or name another file with --known-hosts)"
            )
        }
        let binary = try request.binary ?? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")
        let binaryHash = try SHA256Digest.hex(ofFile: binary)
        let planned = try workspace.plan()
        let contents = try targets.map { target in
            try ReleaseContent.make(
                bundle: ServerBundle.files(
                    target.server, workspace: workspace, plan: planned.plan, book: planned.book,
                    installDir: target.installDir),
                binary: binary, binaryHash: binaryHash)
        }
        let control = try makeControlFolder()
        defer { try? FileManager.default.removeItem(atPath: control) }
        let options = SSHOptions(knownHosts: knownHosts, controlFolder: control)
        let results = Results(count: targets.count)
        let gate = DispatchSemaphore(value: max(1, request.parallel))
        let group = DispatchGroup()
        let now = Date()
        for (index, target) in targets.enumerated() {
            var made = ServerDeployment(target: target, content: contents[index], ssh: options, now: now)
            made.healthSeconds = request.healthSeconds
            let deployment = made
            let dryRun = request.dryRun
            group.enter()
            Thread.detachNewThread {
                gate.wait()
                let report = deployment.run(dryRun: dryRun) { board.update(target.server, $0) }
                board.update(target.server, .finished(report.outcome))
                _ = try? ProcessRunner.run(SSHCommand.closeArguments(target, options))
                results.set(index, report)
                gate.signal()
                group.leave()
            }
        }
        group.wait()
        return results.all
    }

    /// A private folder with a short path for ssh's ControlMaster sockets (paths ≤ 108 bytes).
    static func makeControlFolder() throws -> String {
        var template = Array("/tmp/lsd-XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else { throw DeployError("cannot make a folder in /tmp for ssh sockets") }
        return String(cString: made)
    }
}

/// Reports filled in by the servers' threads.
final class Results: @unchecked Sendable {
    private let lock = NSLock()
    private var reports: [ServerReport?]

    init(count: Int) { reports = Array(repeating: nil, count: count) }

    func set(_ index: Int, _ report: ServerReport) { lock.withLock { reports[index] = report } }
    var all: [ServerReport] { lock.withLock { reports.compactMap { $0 } } }
}
