// LogOptions: `--log-level` and `--log-format` of `lanstitch server` and `lanstitch up`, and
// the logger they make (LanLog's line handler on standard error).

import ArgumentParser
import LanLog
import LanValues
import Logging

struct LogOptions: ParsableArguments {
    @Option(name: .long, help: "Log level: trace, debug, info, notice, warning, error or critical.")
    var logLevel = "info"

    @Option(name: .long, help: "Log format: text (for people) or json (one object per line, for log shippers).")
    var logFormat = "text"

    func validate() throws {
        do { _ = try logger() } catch let error as LogSetupError { throw ValidationError(error.description) }
    }

    func logger() throws -> Logger {
        try LogSetup.logger(label: "lanstitch", level: logLevel, format: logFormat)
    }

    /// A plain-text log function at info level over `logger`, for code that logs lines.
    static func lines(_ logger: Logger) -> @Sendable (String) -> Void {
        { line in logger.info("\(line)") }
    }
}
