// ControlMessage: the text messages carried as TLS plaintext on the control channel once key
// method 2 is done (reference §8). Each is ASCII ending in a NUL; the receiver splits records at
// NULs, strips a trailing "\r\n" and dispatches by prefix, in 2.6's order.

/// One control-channel text message, classified by its prefix.
public enum ControlMessage: Equatable, Sendable {
    /// `PUSH_REQUEST` (client → server).
    case pushRequest
    /// `PUSH_REPLY[,options]`: the text after `PUSH_REPLY` and its comma ("" for an empty reply).
    case pushReply(options: String)
    /// `AUTH_FAILED[,reason]`.
    case authFailed(reason: String?)
    /// `RESTART[,message]`: reconnect.
    case restart(message: String?)
    /// `HALT[,message]`: exit without reconnecting.
    case halt(message: String?)
    /// `EXIT`: the client is going away (cc-exit).
    case exit
    /// `INFO_PRE,…`.
    case infoPre(String)
    /// `INFO,…`.
    case info(String)
    /// `CR_RESPONSE,…`.
    case crResponse(String)
    /// `AUTH_PENDING[,…]`.
    case authPending(String?)
    /// Anything else, verbatim.
    case unknown(String)

    /// Classifies one message (without its NUL), by prefix in 2.6's dispatch order.
    public init(text: String) {
        func argument(_ prefix: String) -> String? {
            let rest = text.dropFirst(prefix.count)
            return rest.first == "," ? String(rest.dropFirst()) : nil
        }
        if text.hasPrefix("AUTH_FAILED") {
            self = .authFailed(reason: argument("AUTH_FAILED"))
        } else if text.hasPrefix("PUSH_REPLY") {
            self = .pushReply(options: argument("PUSH_REPLY") ?? "")
        } else if text.hasPrefix("PUSH_REQUEST") {
            self = .pushRequest
        } else if text.hasPrefix("RESTART") {
            self = .restart(message: argument("RESTART"))
        } else if text.hasPrefix("HALT") {
            self = .halt(message: argument("HALT"))
        } else if text.hasPrefix("INFO_PRE") {
            self = .infoPre(argument("INFO_PRE") ?? "")
        } else if text.hasPrefix("INFO") {
            self = .info(argument("INFO") ?? "")
        } else if text.hasPrefix("CR_RESPONSE") {
            self = .crResponse(argument("CR_RESPONSE") ?? "")
        } else if text.hasPrefix("AUTH_PENDING") {
            self = .authPending(argument("AUTH_PENDING"))
        } else if text.hasPrefix("EXIT") {
            self = .exit
        } else {
            self = .unknown(text)
        }
    }

    /// The message text, without the NUL.
    public var text: String {
        func joined(_ name: String, _ argument: String?) -> String {
            argument.map { "\(name),\($0)" } ?? name
        }
        switch self {
        case .pushRequest: return "PUSH_REQUEST"
        case .pushReply(let options): return options.isEmpty ? "PUSH_REPLY" : "PUSH_REPLY,\(options)"
        case .authFailed(let reason): return joined("AUTH_FAILED", reason)
        case .restart(let message): return joined("RESTART", message)
        case .halt(let message): return joined("HALT", message)
        case .exit: return "EXIT"
        case .infoPre(let text): return joined("INFO_PRE", text)
        case .info(let text): return joined("INFO", text)
        case .crResponse(let text): return joined("CR_RESPONSE", text)
        case .authPending(let text): return joined("AUTH_PENDING", text)
        case .unknown(let text): return text
        }
    }

    /// The bytes to write to TLS: the text and its NUL, as one `SSL_write`.
    public var encoded: [UInt8] { Array(text.utf8) + [0] }
}
