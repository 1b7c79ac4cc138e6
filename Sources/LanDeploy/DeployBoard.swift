// DeployBoard: deploy's live output — one line per server with its phase (connecting,
// uploading with a progress bar, restarting, …). On a terminal the lines are redrawn in place;
// otherwise (logs, CI, tests) each change of phase is printed once as `server: phase`.
// Safe to call from every server's thread at once.

import Foundation

/// The live lines of a deploy.
public final class DeployBoard: @unchecked Sendable {
    private let lock = NSLock()
    private let names: [String]
    private var phases: [String: ServerPhase]
    private let terminal: Bool
    private var drawn = 0
    private let write: @Sendable (String) -> Void

    /// A board for `servers`, redrawn in place when `terminal`; `write` takes finished text.
    public init(servers: [String], terminal: Bool, write: @escaping @Sendable (String) -> Void) {
        names = servers
        phases = Dictionary(uniqueKeysWithValues: servers.map { ($0, ServerPhase.waiting) })
        self.terminal = terminal
        self.write = write
    }

    /// Records `phase` for `server` and shows it.
    public func update(_ server: String, _ phase: ServerPhase) {
        lock.withLock {
            let before = phases[server]
            phases[server] = phase
            if terminal {
                redraw()
            } else if let line = Self.plainLine(server, phase, before: before) {
                write(line + "\n")
            }
        }
    }

    private func redraw() {
        var text = drawn > 0 ? "\u{1B}[\(drawn)A" : ""
        let width = names.map(\.count).max() ?? 0
        for name in names {
            text += "\u{1B}[2K" + Self.line(name, phases[name] ?? .waiting, width: width) + "\n"
        }
        drawn = names.count
        write(text)
    }

    /// `name  phase`, the name padded to `width`.
    public static func line(_ name: String, _ phase: ServerPhase, width: Int) -> String {
        name.padding(toLength: max(width, name.count), withPad: " ", startingAt: 0) + "  " + describe(phase)
    }

    /// The plain line for a change of phase; uploads show only their start and end.
    static func plainLine(_ name: String, _ phase: ServerPhase, before: ServerPhase?) -> String? {
        if phase == before { return nil }
        if case .uploading(let done, let total) = phase {
            if case .uploading = before, done < total { return nil }
            if done > 0 && done < total { return nil }
        }
        return "\(name): \(describe(phase))"
    }

    /// A phase in words, with a bar while uploading.
    public static func describe(_ phase: ServerPhase) -> String {
        switch phase {
        case .waiting: return "waiting"
        case .connecting: return "connecting"
        case .uploading(let done, let total):
            let percent = total == 0 ? 100 : done * 100 / total
            let bar = String(repeating: "#", count: percent / 5) + String(repeating: ".", count: 20 - percent / 5)
            return "uploading [\(bar)] \(percent)% of \(ByteCount.text(total))"
        case .restarting: return "restarting"
        case .checking: return "checking health"
        case .rollingBack: return "rolling back"
        case .finished(let outcome):
            return outcome.reason.map { "\(outcome.word): \($0)" } ?? outcome.word
        }
    }
}
