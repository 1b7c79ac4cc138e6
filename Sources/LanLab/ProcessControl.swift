// ProcessControl: starting the lab's daemons detached, and stopping only processes the lab
// started. A process is named by its pid *and* its kernel start time (field 22 of
// /proc/PID/stat), so a pid the kernel has since given to another program is never signalled.

import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Spawns, watches and signals the lab's processes.
public enum ProcessControl {
    /// glibc's POSIX_SPAWN_SETSID (spawn.h), which Swift's Glibc module does not export.
    static let spawnSetSID: Int32 = 0x80

    /// Starts `arguments` (the first is looked up on PATH) in a session of its own, stdin from
    /// /dev/null, stdout and stderr appended to `log`. Returns its pid.
    public static func spawnDetached(_ arguments: [String], log: String) throws -> pid_t {
        guard let program = arguments.first, let path = HostTool.find(program) else {
            throw LabError("\(arguments.first ?? "?") is not installed: run scripts/setup")
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, log, O_WRONLY | O_CREAT | O_APPEND | O_NOFOLLOW, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var empty = sigset_t()
        sigemptyset(&empty)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGINT, SIGTERM, SIGHUP, SIGPIPE] { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigmask(&attributes, &empty)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        let flags = spawnSetSID | Int32(POSIX_SPAWN_SETSIGMASK) | Int32(POSIX_SPAWN_SETSIGDEF)
        posix_spawnattr_setflags(&attributes, Int16(flags))
        var pid: pid_t = 0
        let argv = arguments.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        let status = posix_spawn(&pid, path, &actions, &attributes, argv, environ)
        guard status == 0 else {
            throw LabError("starting \(arguments.joined(separator: " ")) failed: \(String(cString: strerror(status)))")
        }
        return pid
    }

    /// The kernel start time of `pid` (clock ticks since boot), or nil when it does not exist.
    public static func startTime(of pid: pid_t) -> UInt64? {
        guard let fields = statFields(of: pid), fields.count > 19 else { return nil }
        return UInt64(fields[19])
    }

    /// True when `pid` runs, is no zombie, and started at `startTime`.
    public static func isAlive(_ pid: pid_t, startTime: UInt64) -> Bool {
        guard let fields = statFields(of: pid), fields.count > 19 else { return false }
        return fields[0] != "Z" && fields[0] != "X" && UInt64(fields[19]) == startTime
    }

    /// Sends `signal` to `pid` only if it is still the process that started at `startTime`.
    public static func signal(_ pid: pid_t, startTime: UInt64, _ signal: Int32) {
        guard isAlive(pid, startTime: startTime) else { return }
        kill(pid, signal)
    }

    /// Collects the exit status of `pid` if it is our child and has ended (never blocks).
    /// Returns true when it has ended.
    public static func reap(_ pid: pid_t) -> Bool {
        var status: Int32 = 0
        return waitpid(pid, &status, WNOHANG) == pid
    }

    /// Fields of /proc/PID/stat after the command name: [0] is the state, [19] the start time.
    static func statFields(of pid: pid_t) -> [Substring]? {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let close = text.lastIndex(of: ")")
        else { return nil }
        return text[text.index(after: close)...].split(separator: " ")
    }
}
