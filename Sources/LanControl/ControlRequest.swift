// ControlRequest: the control socket's protocol (docs/status.md) — a request is one JSON line
// such as {"request":"status"}, bounded to 4 KiB; the answer is a status line (StatusJSON) or a
// refusal {"error":"…"}, also one line.

import Foundation
import LanStatus

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
