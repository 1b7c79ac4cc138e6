// LabStop: `lanstitch lab stop INVENTORY NODE [--signal term|kill]` — a drill: ends the process
// of one lab server or client (found in lab.json by pid and start time, so nothing else is ever
// signalled) and waits, bounded, until it has ended. lab.json keeps the entry, so `lab start`
// can relaunch the same command and `lab status` shows the node as not running.

import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// How `lab stop` ends a process.
public enum StopSignal: String, CaseIterable, Sendable {
    /// SIGTERM: the daemon's graceful stop (members told to reconnect, links told EXIT,
    /// kernel routes removed).
    case term
    /// SIGKILL: a crash, as far as peers and members can tell.
    case kill

    var number: Int32 { self == .term ? SIGTERM : SIGKILL }

    /// How long the process gets to end.
    var seconds: Double { self == .term ? 10 : 3 }
}

/// Stops one node's process.
public enum LabStop {
    /// What `lab stop` did.
    public enum Outcome: Equatable, Sendable {
        /// The process ran and has ended.
        case stopped(pid: Int32)
        /// It was not running (stopped before, or it died).
        case notRunning
    }

    /// Sends `signal` to `node`'s process in the running lab and waits until it has ended.
    public static func run(_ lab: LabContext, node: String, signal: StopSignal) throws -> Outcome {
        try LabContext.requireRoot()
        return try lab.files.withLock {
            let record = try lab.runningRecord()
            let process = try LabStart.process(of: node, in: record, lab)
            guard ProcessControl.isAlive(process.pid, startTime: process.startTime) else { return .notRunning }
            ProcessControl.signal(process.pid, startTime: process.startTime, signal.number)
            guard LabTeardown.waitForEnd([(process.pid, process.startTime)], seconds: signal.seconds) else {
                throw LabError(
                    "\(node) (pid \(process.pid)) still runs \(Int(signal.seconds)) s after SIG\(signal.rawValue.uppercased()); `lanstitch lab stop \(lab.path) \(node) --signal kill` ends it"
                )
            }
            return .stopped(pid: process.pid)
        }
    }
}
