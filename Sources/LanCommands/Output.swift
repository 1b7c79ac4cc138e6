// Output helpers shared by the commands: problems to stderr, one per line, then exit 1.

import ArgumentParser
import Foundation
import LanPKI
import LanValues

enum Output {
    /// Prints each diagnostic as `file:line:col: message` on stderr.
    static func report(_ diagnostics: [Diagnostic]) {
        for diagnostic in diagnostics { standardError(diagnostic.description) }
    }

    /// Writes `line` and a newline to stderr, control characters escaped (`Printable`): errors
    /// quote names and values that came from users and files.
    static func standardError(_ line: String) {
        FileHandle.standardError.write(Data((Printable.escapedLines(line) + "\n").utf8))
    }

    /// Reports a thrown error the way users should see it and returns the exit code to use.
    static func fail(_ error: Error) -> ExitCode {
        switch error {
        case let refusal as ClientRegistry.Refusal:
            standardError("error: \(refusal.description)")
        case let problems as Diagnostics:
            report(problems.items)
            let count = problems.items.count
            standardError("\(count) problem\(count == 1 ? "" : "s") found")
        default:
            standardError("error: \(error)")
        }
        return ExitCode(1)
    }
}
