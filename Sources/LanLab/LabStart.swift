// LabStart: `lanstitch lab start INVENTORY NODE` — a drill: relaunches a stopped lab server or
// client with exactly the command `lab up` recorded for it, appending to its log, records the
// new pid and start time in lab.json (atomically), and waits like `lab up` does: a server until
// it answers `status` on its control socket (20 s), a client until it holds its lease (30 s).

import Foundation

/// Starts one node's process again.
public enum LabStart {
    /// What `lab start` did.
    public enum Outcome: Equatable, Sendable {
        /// Started, and ready.
        case started(pid: Int32)
        /// It was running already; nothing was done.
        case alreadyRunning(pid: Int32)
    }

    /// Relaunches `node`'s process in the running lab unless it runs; waits until it is ready.
    public static func run(_ lab: LabContext, node name: String) throws -> Outcome {
        try LabContext.requireRoot()
        return try lab.files.withLock {
            var record = try lab.runningRecord()
            let old = try process(of: name, in: record, lab)
            if ProcessControl.isAlive(old.pid, startTime: old.startTime) { return .alreadyRunning(pid: old.pid) }
            guard let node = record.layout.node(named: name) else {
                throw LabError("unreachable: \(name) has a process")
            }
            let pid = try ProcessControl.spawnDetached(old.command, log: old.log)
            var started = old
            started.pid = pid
            started.startTime = ProcessControl.startTime(of: pid) ?? 0
            record.processes = record.processes.map { $0.node == name ? started : $0 }
            try record.write(to: lab.files.record)
            if node.role == .server {
                try LabUp.waitForServers([node], record)
            } else {
                try LabUp.waitForClients([node], record)
            }
            return .started(pid: pid)
        }
    }

    /// The recorded process of `name`; a LabError when the lab has no such node or it runs none.
    static func process(of name: String, in record: LabRecord, _ lab: LabContext) throws -> LabProcess {
        guard let node = record.layout.node(named: name) else {
            let known = record.layout.nodes.filter { $0.role != .site }.map(\.name).joined(separator: ", ")
            throw LabError("the lab of \(lab.path) has no node '\(name)'; its servers and clients are: \(known)")
        }
        guard let process = record.process(of: node.name) else {
            throw LabError(
                "\(name) is a site host: it runs no process; stop or start its server \(node.server ?? "") instead")
        }
        return process
    }
}
