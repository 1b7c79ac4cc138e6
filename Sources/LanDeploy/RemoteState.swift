// RemoteState: what a host has now, as the probe script (RemoteScripts.probe) prints it, one
// fact per line: `systemd yes|no`, `current releases/NAME`, `release NAME`, `file HASH  NAME`,
// `unit HASH|missing`, `sysctl HASH|missing`, `running PID|no`, and `end` last (so a cut-off
// answer is never taken for a complete one).

import Foundation

/// A host's deployed state.
public struct RemoteState: Sendable, Equatable {
    public var systemd = false
    /// The release `current` points at (its folder name), nil before the first deploy.
    public var current: String?
    /// Release folder names, oldest first.
    public var releases: [String] = []
    /// SHA-256 by file name of the files in the current release.
    public var files: [String: String] = [:]
    /// Hashes of the installed systemd unit and sysctl file (systemd hosts; nil when missing).
    public var unit: String?
    public var sysctl: String?
    /// The daemon's pid when it runs (supervisor), or 0 for "active" under systemd; nil when not running.
    public var running: Int?

    public init() {}

    /// Parses the probe's output; nil when the `end` line is missing.
    public static func parse(_ text: String) -> RemoteState? {
        var state = RemoteState()
        var complete = false
        for line in text.split(separator: "\n") {
            let words = line.split(separator: " ", maxSplits: 1).map(String.init)
            guard let key = words.first else { continue }
            let value = words.count > 1 ? words[1].trimmingCharacters(in: .whitespaces) : ""
            switch key {
            case "systemd": state.systemd = value == "yes"
            case "current":
                let name = value.split(separator: "/").last.map(String.init) ?? ""
                state.current = name.isEmpty ? nil : name
            case "release": state.releases.append(value)
            case "file":
                let parts = value.split(separator: " ", maxSplits: 1)
                if parts.count == 2 { state.files[parts[1].trimmingCharacters(in: .whitespaces)] = String(parts[0]) }
            case "unit": state.unit = value == "missing" ? nil : value
            case "sysctl": state.sysctl = value == "missing" ? nil : value
            case "running": state.running = Int(value)
            case "end": complete = true
            default: continue
            }
        }
        state.releases.sort()
        return complete ? state : nil
    }
}
