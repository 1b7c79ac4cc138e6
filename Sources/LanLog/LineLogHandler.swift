// LineLogHandler: lanstitch's swift-log handler — one line per event on standard error, as
// text for people ("2026-11-22T05:47:32.120Z info alice connected … peer=alice session=3") or as
// one JSON object for log shippers (`--log-format json`). Metadata: the logger's, then the
// event's; nested values are flattened to text.

import Foundation
import Logging

/// Writes each log event as one line.
///
/// - Thread-safety: the handler is a value; `write` must be safe to call from any thread
///   (the standard-error writer makes one write(2) per line).
public struct LineLogHandler: LogHandler {
    public enum Format: String, CaseIterable, Sendable { case text, json }

    public var logLevel: Logger.Level
    public var metadata: Logger.Metadata = [:]
    public var metadataProvider: Logger.MetadataProvider?
    let format: Format
    let write: @Sendable (String) -> Void
    let clock: @Sendable () -> Date

    /// A handler at `level` in `format`, writing lines (with their newline) to `write`.
    public init(
        level: Logger.Level, format: Format, clock: @escaping @Sendable () -> Date = { Date() },
        write: @escaping @Sendable (String) -> Void = LineLogHandler.standardError
    ) {
        logLevel = level
        self.format = format
        self.clock = clock
        self.write = write
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var merged = metadata
        if let provided = metadataProvider?.get() { merged.merge(provided) { $1 } }
        if let extra = event.metadata { merged.merge(extra) { $1 } }
        write(
            Self.line(time: clock(), level: event.level, message: "\(event.message)", metadata: merged, format: format))
    }

    /// The line for one event, with its newline.
    public static func line(
        time: Date, level: Logger.Level, message: String, metadata: Logger.Metadata, format: Format
    ) -> String {
        let stamp = time.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))
        let fields = metadata.keys.sorted().map { ($0, text(metadata[$0] ?? "")) }
        switch format {
        case .text:
            let pairs = fields.map { " \($0)=\(quoteIfNeeded($1))" }.joined()
            return "\(stamp) \(level.rawValue) \(message)\(pairs)\n"
        case .json:
            var object = "{\"time\":\(json(stamp)),\"level\":\(json(level.rawValue)),\"message\":\(json(message))"
            for (key, value) in fields where !["time", "level", "message"].contains(key) {
                object += ",\(json(key)):\(json(value))"
            }
            return object + "}\n"
        }
    }

    /// A metadata value as plain text (lists and dictionaries in brackets).
    static func text(_ value: Logger.Metadata.Value) -> String {
        switch value {
        case .string(let string): string
        case .stringConvertible(let convertible): convertible.description
        case .array(let values): "[" + values.map(text).joined(separator: ",") + "]"
        case .dictionary(let pairs):
            "[" + pairs.keys.sorted().map { "\($0):\(text(pairs[$0]!))" }.joined(separator: ",") + "]"
        }
    }

    /// Text values with spaces, quotes or `=` are quoted so a line splits back into fields.
    static func quoteIfNeeded(_ value: String) -> String {
        guard value.isEmpty || value.contains(where: { $0 == " " || $0 == "\"" || $0 == "=" || $0.isNewline }) else {
            return value
        }
        return json(value)
    }

    /// A JSON string literal.
    static func json(_ string: String) -> String {
        var out = "\""
        for scalar in string.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20: out += String(format: "\\u%04x", scalar.value)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    /// Writes `line` to standard error in one write(2).
    @Sendable public static func standardError(_ line: String) {
        FileHandle.standardError.write(Data(line.utf8))
    }
}
