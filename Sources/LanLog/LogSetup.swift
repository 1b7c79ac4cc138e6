// LogSetup: parses `--log-level` and `--log-format` and makes the logger `lanstitch server` and
// `lanstitch up` log through; errors say which values are allowed.

import Logging

public enum LogSetup {
    /// The levels `--log-level` accepts, quietest last.
    public static let levels = Logger.Level.allCases.map(\.rawValue)

    /// A logger labelled `label` at `level` in `format` (text or json), writing to standard error.
    public static func logger(label: String, level: String, format: String) throws -> Logger {
        guard let parsedLevel = Logger.Level(rawValue: level.lowercased()) else {
            throw LogSetupError("--log-level \(level): use one of \(levels.joined(separator: ", "))")
        }
        guard let parsedFormat = LineLogHandler.Format(rawValue: format.lowercased()) else {
            throw LogSetupError("--log-format \(format): use text or json")
        }
        return Logger(label: label) { _ in LineLogHandler(level: parsedLevel, format: parsedFormat) }
    }
}

/// A bad logging option.
public struct LogSetupError: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
