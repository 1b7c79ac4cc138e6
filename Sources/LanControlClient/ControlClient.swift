// ControlClient: the asking side of a server's control socket (docs/status.md) — one request
// line, one answer line — for `lanstitch status` and `lanstitch lab status`. Errors say what
// went wrong with the socket and what to do.

import Foundation
import LanControl
import LanLinux
import LanStatus

public enum ControlClient {
    /// The live view of the server whose control socket is `socket`.
    public static func status(socket: String, timeoutMilliseconds: Int = 5000) throws -> ServerStatus {
        if let problem = ControlSocket.problemAsking(at: socket) { throw ControlClientError(problem) }
        let answer: String
        do {
            answer = try UnixRequest.exchange(
                path: socket, line: #"{"request":"status"}"#, timeoutMilliseconds: timeoutMilliseconds)
        } catch {
            throw ControlClientError(explain(error, path: socket))
        }
        if let status = try? StatusJSON.decode(answer) { return status }
        if let refusal = try? JSONDecoder().decode(ControlError.self, from: Data(answer.utf8)) {
            throw ControlClientError("\(socket): the server refused the request: \(refusal.error)")
        }
        throw ControlClientError(
            "\(socket): the answer is not a lanstitch status (\(answer.prefix(120))); "
                + "is this a lanstitch control socket, of the same version as this lanstitch?")
    }

    /// What a failed exchange means for the person asking.
    public static func explain(_ error: SystemError, path: String) -> String {
        switch error.code {
        case ENOENT: "\(path): no such socket; is `lanstitch server` running, and with this --control path?"
        case EACCES, EPERM:
            "\(path): permission denied; the control socket is root's only — run `sudo lanstitch status`"
        case ECONNREFUSED: "\(path): nobody answers (a server that stopped left it behind); start the server again"
        case ETIMEDOUT: "\(path): the server did not answer in time; is its event loop stuck? (see its log)"
        case ENAMETOOLONG: "\(path): the path is too long for a Unix socket (at most 107 bytes)"
        case ENOTSOCK: "\(path): not a socket; give the control socket of a running `lanstitch server`"
        default: "\(path): \(error)"
        }
    }
}

/// A status request that failed, said plainly.
public struct ControlClientError: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
