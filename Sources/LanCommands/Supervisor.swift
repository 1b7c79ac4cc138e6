// Supervisor: `lanstitch server --config … --daemon --pidfile PATH [--log PATH]` for hosts
// without systemd (containers, the lab, deploy's fallback). The command re-executes itself in
// a session of its own (posix_spawn + POSIX_SPAWN_SETSID, never fork in a Swift process), with
// stdout and stderr appended to the log, writes the child's pid to the pidfile and exits 0.
// The child runs in the foreground as usual and removes the pidfile on a clean exit.

import Foundation
import LanLab
import LanState
import LanValues

#if canImport(Glibc)
    import Glibc
#endif

enum Supervisor {
    /// The pid recorded in `pidfile`, if that process still runs and is the daemon of that
    /// pidfile (its command line names the pidfile), so a reused pid is never taken for ours.
    static func runningPid(_ pidfile: String) -> pid_t? {
        guard let text = try? String(contentsOfFile: pidfile, encoding: .utf8),
            let pid = pid_t(text.trimmingCharacters(in: .whitespacesAndNewlines)),
            let command = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline")
        else { return nil }
        let words = command.split(separator: 0).map { String(decoding: $0, as: UTF8.self) }
        return words.contains(pidfile) && words.contains("server") ? pid : nil
    }

    /// The options of `lanstitch server` (after `server`) that the detached daemon gets too:
    /// all but --daemon, --log-file, --config and --pidfile (given again, as absolute paths).
    static func passedOn(_ arguments: [String]) -> [String] {
        var kept: [String] = []
        var skipNext = false
        for argument in arguments {
            if skipNext {
                skipNext = false
                continue
            }
            let name = argument.split(separator: "=", maxSplits: 1).first.map(String.init) ?? argument
            if argument == "--daemon" { continue }
            if ["--log-file", "--config", "--pidfile"].contains(name) {
                skipNext = !argument.contains("=")
                continue
            }
            kept.append(argument)
        }
        return kept
    }

    /// Starts this executable with `arguments` detached and records its pid in `pidfile`.
    /// Refuses when the pidfile's daemon still runs.
    static func start(_ arguments: [String], pidfile: String, log: String) throws -> pid_t {
        if let pid = runningPid(pidfile) {
            throw SupervisorError("a server of \(pidfile) already runs as pid \(pid); stop it first (kill \(pid))")
        }
        let executable = try currentExecutable()
        let pid = try ProcessControl.spawnDetached([executable] + arguments, log: log)
        try AtomicFile.write(Data("\(pid)\n".utf8), to: pidfile, mode: 0o644)
        return pid
    }

    /// Removes `pidfile` if it names this process (at the end of a clean run).
    static func release(_ pidfile: String) {
        guard let text = try? String(contentsOfFile: pidfile, encoding: .utf8),
            pid_t(text.trimmingCharacters(in: .whitespacesAndNewlines)) == getpid()
        else { return }
        try? FileManager.default.removeItem(atPath: pidfile)
    }

    /// The path this process was started from (argv[0] when absolute, else /proc/self/exe).
    static func currentExecutable() throws -> String {
        if let first = CommandLine.arguments.first, first.hasPrefix("/") { return first }
        return try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")
    }
}

/// A supervisor problem, said as it should be shown.
struct SupervisorError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
