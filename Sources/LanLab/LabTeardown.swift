// LabTeardown: removes a lab, crashed or not — SIGTERM to the processes it recorded and to
// every process inside its namespaces (`ip netns pids`), at most 5 s of waiting, SIGKILL for
// stragglers, then the namespaces themselves (the recorded ones and any other with the lab's
// prefix). Processes are named by pid and start time, so a reused pid is never signalled.

import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Tears a lab down.
public enum LabTeardown {
    /// What a teardown removed.
    public struct Removed: Sendable {
        public var processes = 0
        public var namespaces: [String] = []
        public var isEmpty: Bool { processes == 0 && namespaces.isEmpty }
    }

    /// Removes every process and namespace of the lab with `prefix` (and those in `record`).
    public static func remove(prefix: String, record: LabRecord?) throws -> Removed {
        let existing = Set(try LabContext.existingNamespaces())
        var namespaces = existing.filter { $0.hasPrefix("\(prefix)-") }
        if let record { namespaces.formUnion(record.layout.namespaces.filter(existing.contains)) }
        var victims: [(pid: pid_t, start: UInt64)] = []
        for process in record?.processes ?? [] where ProcessControl.isAlive(process.pid, startTime: process.startTime) {
            victims.append((process.pid, process.startTime))
        }
        for namespace in namespaces.sorted() {
            let pids = (try? HostTool.check(["ip", "netns", "pids", namespace])) ?? ""
            for pid in pids.split(separator: "\n").compactMap({ pid_t($0) })
            where !victims.contains(where: { $0.pid == pid }) {
                if let start = ProcessControl.startTime(of: pid) { victims.append((pid, start)) }
            }
        }
        stop(victims)
        var failures: [String] = []
        for namespace in namespaces.sorted() {
            let result = try HostTool.run(["ip", "netns", "delete", namespace])
            if result.status != 0 { failures.append("\(namespace): \(result.errors)") }
        }
        guard failures.isEmpty else {
            throw LabError("could not delete namespaces: \(failures.joined(separator: "; "))")
        }
        return Removed(processes: victims.count, namespaces: namespaces.sorted())
    }

    /// SIGTERM, up to 5 s for them to end, then SIGKILL and up to 2 s more.
    static func stop(_ victims: [(pid: pid_t, start: UInt64)]) {
        for victim in victims { ProcessControl.signal(victim.pid, startTime: victim.start, SIGTERM) }
        if waitForEnd(victims, seconds: 5) { return }
        for victim in victims { ProcessControl.signal(victim.pid, startTime: victim.start, SIGKILL) }
        _ = waitForEnd(victims, seconds: 2)
    }

    /// Polls until none of `victims` runs; false when `seconds` pass first.
    static func waitForEnd(_ victims: [(pid: pid_t, start: UInt64)], seconds: Double) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while true {
            let running = victims.filter { victim in
                _ = ProcessControl.reap(victim.pid)
                return ProcessControl.isAlive(victim.pid, startTime: victim.start)
            }
            if running.isEmpty { return true }
            if Date() >= deadline { return false }
            usleep(100_000)
        }
    }
}
