// StatusJSON: ServerStatus as JSON with snake_case keys (docs/status.md) — one line for the
// control socket, indented for `lanstitch status --json`. The control socket's requests and
// refusals are LanControl's (ControlRequest.swift).

import Foundation

public enum StatusJSON {
    /// `status` as one line of JSON (no newline), keys sorted.
    public static func line(_ status: ServerStatus) -> String {
        encode(status, pretty: false)
    }

    /// `value` as indented JSON with sorted keys and a final newline.
    public static func pretty(_ value: some Encodable) -> String {
        encode(value, pretty: true) + "\n"
    }

    /// Reads a status line or document written by `line` or `pretty`.
    public static func decode(_ text: String) throws -> ServerStatus {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return try decoder.decode(ServerStatus.self, from: Data(text.utf8))
    }

    /// `value` as JSON with snake_case and sorted keys: one line, or indented when `pretty`.
    public static func encode(_ value: some Encodable, pretty: Bool) -> String {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting =
            pretty ? [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes] : [.sortedKeys, .withoutEscapingSlashes]
        // Encoding plain structs of strings and numbers cannot fail; an empty object is never sent.
        let data = (try? encoder.encode(value)) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self)
    }
}
