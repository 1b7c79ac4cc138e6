// StatusJSON: ServerStatus as JSON with snake_case keys (docs/status.md) — one line for the
// control socket, indented for `lanstitch status --json` — and the control socket's requests
// and answers, each one JSON line.

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

    static func encode(_ value: some Encodable, pretty: Bool) -> String {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting =
            pretty ? [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes] : [.sortedKeys, .withoutEscapingSlashes]
        // Encoding plain structs of strings and numbers cannot fail; an empty object is never sent.
        let data = (try? encoder.encode(value)) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self)
    }
}

/// A request on the control socket: one JSON line, e.g. `{"request":"status"}`.
public enum ControlRequest: Equatable, Sendable {
    case status

    /// The most bytes a request line may have; a longer one is refused.
    public static let maxBytes = 4096

    /// Parses one request line (without its newline); the error is the answer to send.
    public static func parse(_ line: some Collection<UInt8>) -> Result<ControlRequest, ControlError> {
        guard let body = try? JSONDecoder().decode(RequestBody.self, from: Data(line)) else {
            return .failure(ControlError("a request is one line of JSON like {\"request\":\"status\"}"))
        }
        switch body.request {
        case "status": return .success(.status)
        default: return .failure(ControlError("unknown request '\(body.request)'; known: status"))
        }
    }
}

/// The body of a request line.
private struct RequestBody: Decodable { var request: String }

/// The control socket's answer to a request it cannot serve: `{"error":"…"}`.
public struct ControlError: Error, Equatable, Codable, Sendable, CustomStringConvertible {
    public var error: String
    public init(_ error: String) { self.error = error }
    public var description: String { error }

    /// The answer line (no newline).
    public var line: String { StatusJSON.encode(self, pretty: false) }
}
