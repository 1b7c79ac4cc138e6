// ControlTextReader: splits the TLS plaintext stream of the control channel into NUL-terminated
// text messages (reference §8). 2.6 writes each message as its own record, but a reader must not
// rely on record boundaries, so this buffers until the NUL. A trailing "\r\n" is stripped and a
// message with other non-printable characters is refused, as 2.6 does.

/// Turns TLS plaintext bytes into control messages.
///
/// Contract: feed plaintext in order. A message that is refused does not stop later ones; a
/// message that grows past `maxMessageLength` without a NUL is fatal (every later call throws).
/// Not thread-safe.
public struct ControlTextReader {
    /// The default limit: a 2.x client reads one record of at most 2048 bytes.
    public static let defaultMaxMessageLength = 2048

    /// The longest message accepted, without its NUL.
    public let maxMessageLength: Int
    private var pending: [UInt8] = []
    private var failure: WireError?

    /// A reader refusing messages longer than `maxMessageLength` bytes.
    public init(maxMessageLength: Int = ControlTextReader.defaultMaxMessageLength) {
        self.maxMessageLength = maxMessageLength
    }

    /// Adds plaintext and returns one result per message it completes, in order: the text (without
    /// NUL and trailing "\r\n"), or why it was refused.
    public mutating func append(_ plaintext: some Sequence<UInt8>) throws(WireError) -> [Result<String, WireError>] {
        if let failure { throw failure }
        var messages: [Result<String, WireError>] = []
        for byte in plaintext {
            if byte == 0 {
                messages.append(Self.text(of: pending))
                pending.removeAll(keepingCapacity: true)
            } else {
                pending.append(byte)
                guard pending.count <= maxMessageLength else {
                    let error = WireError(
                        .tooLong, field: "control message", detail: "no NUL within \(maxMessageLength) bytes")
                    failure = error
                    throw error
                }
            }
        }
        return messages
    }

    /// Splits one complete record; bytes after the last NUL are refused as unterminated.
    public static func messages(inRecord record: [UInt8]) -> [Result<String, WireError>] {
        var parts = record.split(separator: 0, omittingEmptySubsequences: false).map { Array($0) }
        let unterminated = parts.removeLast()
        var results = parts.map { text(of: $0) }
        if !unterminated.isEmpty {
            results.append(.failure(WireError(.truncated, field: "control message", detail: "no terminating NUL")))
        }
        return results
    }

    /// The message text, or why it is refused.
    static func text(of bytes: [UInt8]) -> Result<String, WireError> {
        var body = bytes[...]
        if body.last == 0x0A { body = body.dropLast() }
        if body.last == 0x0D { body = body.dropLast() }
        if let bad = body.firstIndex(where: { $0 < 0x20 || $0 > 0x7E }) {
            return .failure(
                WireError(
                    .invalidValue, field: "control message", offset: bad, detail: "non-printable byte \(body[bad])"))
        }
        return .success(String(decoding: body, as: UTF8.self))
    }
}
