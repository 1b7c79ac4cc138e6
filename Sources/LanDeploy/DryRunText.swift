// DryRunText: `deploy --dry-run` in words (pure) — per server, the files a deploy would add,
// change or remove (with a short diff of config text; never of keys or the binary), and what
// would restart. A host someone edited by hand shows up here too: that is drift detection.

public enum DryRunText {
    /// The lines for one server, from its plan, the new content and the host's current text of
    /// the changed config files (`remoteText`, by name).
    public static func lines(
        _ plan: ChangePlan, content: ReleaseContent, remote: RemoteState, remoteText: [String: String]
    ) -> [String] {
        if plan.isEmpty { return ["in sync: \(remote.current ?? "?") has every file; nothing would restart"] }
        var lines: [String] = []
        for change in plan.changes {
            let file = content.file(named: change.name)
            var line = "\(change.kind.rawValue.padding(toLength: 8, withPad: " ", startingAt: 0)) \(change.name)"
            if let file, file.isSecret { line += " (secret; not shown)" }
            if let file, case .file = file.source { line += " (binary, \(ByteCount.text(file.size)))" }
            lines.append(line)
            if change.kind == .changed, let file, file.isText, case .text(let new) = file.source,
                let old = remoteText[change.name]
            {
                lines += TextDiff.unified(
                    old: old, new: new, oldName: "\(change.name) (on the host)",
                    newName: "\(change.name) (from the inventory)"
                ).map { "    " + $0 }
            }
        }
        if plan.installUnit { lines.append("install  \(RemoteScripts.unitFile) into /etc/systemd/system") }
        if plan.installSysctl { lines.append("install  \(RemoteScripts.sysctlFile) into /etc/sysctl.d") }
        let service = remote.systemd ? "systemctl restart lanstitch" : "lanstitch server --daemon (supervisor)"
        if plan.restart {
            let why = plan.needsRelease ? "new release" : plan.installUnit ? "new unit" : "the daemon is not running"
            lines.append("restart  \(service) (\(why))")
        }
        return lines
    }
}

/// Byte counts for people: 512 B, 3.4 KB, 98.3 MB.
public enum ByteCount {
    public static func text(_ bytes: Int) -> String {
        if bytes < 1000 { return "\(bytes) B" }
        let units = ["KB", "MB", "GB"]
        var value = Double(bytes) / 1000
        var unit = 0
        while value >= 1000 && unit < units.count - 1 {
            value /= 1000
            unit += 1
        }
        return String(format: "%.1f", value) + " " + units[unit]
    }
}
