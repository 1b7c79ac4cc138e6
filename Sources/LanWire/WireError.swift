// WireError: why bytes from the wire could not be decoded (or values could not be encoded).
// Every decoder in LanWire reports a truncated or malformed input with this one typed error and
// never traps, so a hostile peer can at worst get its packet dropped.

/// A decoding or encoding failure of a wire format: what went wrong, in which field, and where.
public struct WireError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The kind of failure; callers switch on it, people read `description`.
    public enum Code: Equatable, Sendable {
        /// The input ended before the field was complete.
        case truncated
        /// A field holds a value the format does not allow.
        case invalidValue
        /// A field or message is longer than the format's limit.
        case tooLong
        /// Bytes are left over after a complete message that must fill its input.
        case trailingBytes
        /// The opcode is valid OpenVPN but not one this codec (or 2.6) accepts.
        case unsupportedOpcode
    }

    /// The kind of failure.
    public let code: Code
    /// The field being read or written, named as in the protocol reference ("ack count", "peer-id").
    public let field: String
    /// Byte offset of the field in the input, when known.
    public let offset: Int?
    /// Extra detail for people ("9 acks, at most 8").
    public let detail: String

    /// An error of `code` in `field`.
    public init(_ code: Code, field: String, offset: Int? = nil, detail: String = "") {
        self.code = code
        self.field = field
        self.offset = offset
        self.detail = detail
    }

    /// "<what> <field> at byte <offset>: <detail>", for logs and people.
    public var description: String {
        var text: String
        switch code {
        case .truncated: text = "truncated \(field)"
        case .invalidValue: text = "invalid \(field)"
        case .tooLong: text = "\(field) too long"
        case .trailingBytes: text = "trailing bytes after \(field)"
        case .unsupportedOpcode: text = "unsupported opcode in \(field)"
        }
        if let offset { text += " at byte \(offset)" }
        if !detail.isEmpty { text += ": \(detail)" }
        return text
    }
}
