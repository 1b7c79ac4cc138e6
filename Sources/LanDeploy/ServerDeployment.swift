// ServerDeployment: one server's deploy, step by step over SSH:
//   1. probe    what the host has (RemoteState), compared by hash (ChangePlan)
//   2. upload   only the changed files, as a tar stream, into releases/NAME (the rest linked)
//   3. activate `current` → releases/NAME atomically
//   4. restart  systemd or the supervisor, only if something changed
//   5. health   the start line in the daemon's log, then `lanstitch status` answers (bounded)
//   6. roll back to the previous release if health fails; prune old releases if it passes
// Every step reports its phase; every failure ends in an outcome with a reason, never a throw.

import Foundation

/// Deploys one server.
public struct ServerDeployment: Sendable {
    public var target: DeployTarget
    public var content: ReleaseContent
    public var ssh: SSHOptions
    /// Seconds the daemon has to print its start line.
    public var healthSeconds = 15
    /// When the release is made (its name).
    public var now: Date

    public init(target: DeployTarget, content: ReleaseContent, ssh: SSHOptions, now: Date) {
        self.target = target
        self.content = content
        self.ssh = ssh
        self.now = now
    }

    /// A step that could not go on: the outcome says why.
    struct Stop: Error {
        var reason: String
    }

    /// Runs the deploy (or the dry run), reporting phases to `phase`.
    public func run(dryRun: Bool, phase: @escaping @Sendable (ServerPhase) -> Void) -> ServerReport {
        let started = Date()
        var report = ServerReport(target: target, outcome: .failed("not started"))
        do {
            phase(.connecting)
            let remote = try probe()
            report.release = remote.current
            let plan = ChangePlan.make(content, against: remote)
            if dryRun {
                report.details = DryRunText.lines(plan, content: content, remote: remote, remoteText: try texts(plan))
                report.outcome = plan.isEmpty ? .inSync : .wouldChange
            } else if plan.isEmpty {
                report.outcome = .unchanged
            } else {
                try apply(plan, remote: remote, report: &report, phase: phase)
            }
        } catch let stop as Stop {
            report.outcome = .failed(stop.reason)
        } catch {
            report.outcome = .failed("\(error)")
        }
        report.seconds = Date().timeIntervalSince(started)
        return report
    }

    func apply(_ plan: ChangePlan, remote: RemoteState, report: inout ServerReport, phase: (ServerPhase) -> Void)
        throws
    {
        var release = remote.current
        var previous: String?
        if plan.needsRelease {
            let name = ReleasePruning.name(at: now, fingerprint: content.fingerprint)
            report.uploadedBytes = try upload(plan, release: name, phase: phase)
            report.uploadedFiles = plan.upload
            previous = try activate(name)
            release = name
        }
        report.release = release
        phase(.restarting)
        report.restarted = plan.restart
        let health: String?
        do {
            // A release that cannot even start (a binary missing libraries) is rolled back too.
            let mark = try restart(systemd: remote.systemd, unit: plan.installUnit, sysctl: plan.installSysctl)
            phase(.checking)
            health = try check(systemd: remote.systemd, mark: mark)
        } catch let stop as Stop {
            health = stop.reason
        }
        if health == nil {
            report.outcome = .healthy
            let doomed = ReleasePruning.doomed(
                remote.releases + [release].compactMap { $0 }, current: release, previous: previous)
            if !doomed.isEmpty { _ = try shell(RemoteScripts.remove(target.installDir, releases: doomed)) }
            return
        }
        let reason = health ?? ""
        guard plan.needsRelease, let previous, !previous.isEmpty, let failed = release else {
            report.outcome = .failed("not healthy: \(reason)")
            return
        }
        phase(.rollingBack)
        _ = try activate(previous)
        let again = try restart(systemd: remote.systemd, unit: remote.systemd, sysctl: false)
        let after = try check(systemd: remote.systemd, mark: again)
        _ = try shell(RemoteScripts.remove(target.installDir, releases: [failed]))
        report.release = previous
        report.outcome = .rolledBack(
            "\(failed) not healthy (\(reason)); back on \(previous)\(after == nil ? "" : ", which is not healthy either (\(after ?? ""))")"
        )
    }

    /// Runs `script` on the host; ssh's own failures become a Stop that says how to fix them.
    func shell(_ script: String, input: Data = Data()) throws -> String {
        let result = try ProcessRunner.run(SSHCommand.arguments(target, ssh, remote: script), input: input)
        if result.status == 255 { throw Stop(reason: SSHCommand.explain(result.errors, target: target, options: ssh)) }
        guard result.status == 0 else {
            let detail = result.errors.split(separator: "\n").last.map(String.init) ?? "exit \(result.status)"
            throw Stop(reason: "a step on \(target.ssh) failed: \(detail)")
        }
        return result.output
    }

    func probe() throws -> RemoteState {
        let output = try shell(RemoteScripts.probe(target.installDir))
        guard let state = RemoteState.parse(output) else {
            throw Stop(reason: "\(target.ssh) answered the probe with something else: \(output.prefix(200))")
        }
        return state
    }

    /// The host's current text of each changed config file (for the dry run's diffs).
    func texts(_ plan: ChangePlan) throws -> [String: String] {
        let names = plan.changes.filter { $0.kind == .changed }.map(\.name).filter {
            content.file(named: $0)?.isText == true
        }
        if names.isEmpty { return [:] }
        return Self.parseTexts(try shell(RemoteScripts.read(target.installDir, names: names)))
    }

    /// `=== NAME BYTES` headers each followed by that many bytes (RemoteScripts.read).
    static func parseTexts(_ output: String) -> [String: String] {
        var texts: [String: String] = [:]
        var rest = Substring(output).utf8[...]
        while let newline = rest.firstIndex(of: UInt8(ascii: "\n")) {
            let header = String(decoding: rest[rest.startIndex..<newline], as: UTF8.self).split(separator: " ")
            rest = rest[rest.index(after: newline)...]
            guard header.count == 3, header[0] == "===", let count = Int(header[2]), count <= rest.count else { break }
            let end = rest.index(rest.startIndex, offsetBy: count)
            texts[String(header[1])] = String(decoding: rest[rest.startIndex..<end], as: UTF8.self)
            rest = rest[end...]
        }
        return texts
    }

    func activate(_ release: String) throws -> String? {
        let output = try shell(RemoteScripts.activate(target.installDir, release: release))
        let line = output.split(separator: "\n").first { $0.hasPrefix("previous") }
        let name = line.map { $0.dropFirst("previous".count).trimmingCharacters(in: .whitespaces) } ?? ""
        return name.isEmpty ? nil : name
    }

    func restart(systemd: Bool, unit: Bool, sysctl: Bool) throws -> Int {
        let output = try shell(
            RemoteScripts.restart(target.installDir, systemd: systemd, installUnit: unit, installSysctl: sysctl))
        let line = output.split(separator: "\n").first { $0.hasPrefix("mark ") }
        return line.flatMap { Int($0.dropFirst(5)) } ?? 0
    }

    /// Nil when healthy, else the reason with the log's last lines.
    func check(systemd: Bool, mark: Int) throws -> String? {
        let output = try shell(
            RemoteScripts.health(
                target.installDir, systemd: systemd, mark: mark, seconds: healthSeconds,
                socket: RemoteScripts.controlSocket(target.installDir, server: target.server, systemd: systemd)))
        if output.hasPrefix("healthy") { return nil }
        let lines = output.split(separator: "\n").map(String.init)
        let reason = lines.first?.replacingOccurrences(of: "unhealthy ", with: "") ?? "no answer"
        let tail = lines.dropFirst().last.map { ": \($0.trimmingCharacters(in: .whitespaces))" } ?? ""
        return reason + tail
    }
}
