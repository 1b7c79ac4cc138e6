// KeyMethod2: the first plaintext each side writes inside TLS (reference §6.1). It carries the
// randoms for the legacy PRF, the OCC options string, credentials and the client's peer-info:
//
//     u32 0 | u8 key-method (2) | [pre_master(48), client only] | random1(32) | random2(32)
//     | str options | str username | str password | str peer-info
//
// `str` is a u16 length that includes a terminating NUL, then the bytes and the NUL; the empty
// string is `00 00`. Trailing strings may be missing (openvpn3 servers stop after options), as 2.x
// tolerates.

/// Which side wrote a key-method-2 message; only the client's carries `pre_master`.
public enum KeyMethod2Sender: Equatable, Sendable {
    case client
    case server
}

/// A key-method-2 message.
public struct KeyMethod2Message: Equatable, Sendable {
    /// Bytes of the client's `pre_master`.
    public static let preMasterSize = 48
    /// Bytes of each of `random1` and `random2`.
    public static let randomSize = 32
    /// Largest `str` length (with NUL) 2.6 reads for the options string (`TLS_OPTIONS_LEN`).
    public static let maxOptionsLength = 512
    /// Largest `str` length (with NUL) 2.6 reads for username and password (`USER_PASS_LEN`).
    public static let maxCredentialLength = 128
    /// The most bytes one message may have: 2.x reads it with one `SSL_read` into a 2048-byte
    /// buffer (`TLS_CHANNEL_BUF_SIZE`, §5).
    public static let maxMessageSize = 2048
    /// The key-method byte: method 2, no flags.
    public static let keyMethodByte: UInt8 = 0x02

    /// 48 random bytes from the client; nil in the server's message.
    public var preMaster: [UInt8]?
    /// 32 random bytes (legacy PRF input).
    public var random1: [UInt8]
    /// 32 more random bytes (legacy PRF input).
    public var random2: [UInt8]
    /// The OCC options string (§6.3).
    public var options: String
    /// `auth-user-pass` username or empty.
    public var username: String
    /// `auth-user-pass` password or auth-token, or empty.
    public var password: String
    /// The client's `IV_*` lines (§6.2); empty from a stock server.
    public var peerInfo: String

    /// A message; pass `preMaster` for the client's, nil for the server's.
    public init(
        preMaster: [UInt8]?, random1: [UInt8], random2: [UInt8], options: String, username: String = "",
        password: String = "", peerInfo: String = ""
    ) {
        self.preMaster = preMaster
        self.random1 = random1
        self.random2 = random2
        self.options = options
        self.username = username
        self.password = password
        self.peerInfo = peerInfo
    }

    /// Who sent it, from the presence of `preMaster`.
    public var sender: KeyMethod2Sender { preMaster == nil ? .server : .client }

    /// The wire form, to write with one `SSL_write`; throws if a field has the wrong size, a string
    /// holds a NUL, a string is over its limit or the message is over `maxMessageSize`.
    public func encoded() throws(WireError) -> [UInt8] {
        if let preMaster { try Self.requireSize(preMaster, Self.preMasterSize, "pre_master") }
        try Self.requireSize(random1, Self.randomSize, "random1")
        try Self.requireSize(random2, Self.randomSize, "random2")
        var writer = ByteWriter(capacity: 117 + options.utf8.count + peerInfo.utf8.count + 8)
        writer.writeUInt32(0)
        writer.writeUInt8(Self.keyMethodByte)
        if let preMaster { writer.writeBytes(preMaster) }
        writer.writeBytes(random1)
        writer.writeBytes(random2)
        try Self.writeString(options, limit: Self.maxOptionsLength, "options string", to: &writer)
        try Self.writeString(username, limit: Self.maxCredentialLength, "username", to: &writer)
        try Self.writeString(password, limit: Self.maxCredentialLength, "password", to: &writer)
        try Self.writeString(peerInfo, limit: Int(UInt16.max), "peer-info", to: &writer)
        guard writer.count <= Self.maxMessageSize else {
            throw WireError(
                .tooLong, field: "key-method 2 message", detail: "\(writer.count) bytes, at most \(Self.maxMessageSize)"
            )
        }
        return writer.bytes
    }

    /// Decodes a message written by `sender`. The 4 leading bytes are skipped unchecked, as 2.x
    /// does; the key-method low nibble must be 2; missing username, password or peer-info read as
    /// empty; bytes after peer-info are ignored.
    public init(decoding bytes: [UInt8], from sender: KeyMethod2Sender) throws(WireError) {
        self = try ByteReader.reading(bytes) { (reader) throws(WireError) in
            try reader.skip(4, "leading zero u32")
            let methodOffset = reader.offset
            let method = try reader.readUInt8("key-method byte")
            guard method & 0x0F == 2 else {
                throw WireError(
                    .invalidValue, field: "key-method byte", offset: methodOffset,
                    detail: "method \(method & 0x0F), expected 2")
            }
            let preMaster = sender == .client ? try reader.readBytes(Self.preMasterSize, "pre_master") : nil
            let random1 = try reader.readBytes(Self.randomSize, "random1")
            let random2 = try reader.readBytes(Self.randomSize, "random2")
            let options = try Self.readString(&reader, limit: Self.maxOptionsLength, "options string")
            let username = try Self.readOptionalString(&reader, limit: Self.maxCredentialLength, "username")
            let password = try Self.readOptionalString(&reader, limit: Self.maxCredentialLength, "password")
            let peerInfo = try Self.readOptionalString(&reader, limit: Int(UInt16.max), "peer-info")
            return KeyMethod2Message(
                preMaster: preMaster, random1: random1, random2: random2, options: options, username: username,
                password: password, peerInfo: peerInfo)
        }
    }

    private static func requireSize(_ bytes: [UInt8], _ size: Int, _ field: String) throws(WireError) {
        guard bytes.count == size else {
            throw WireError(.invalidValue, field: field, detail: "\(bytes.count) bytes, expected \(size)")
        }
    }

    /// `str`: u16 length including NUL, bytes, NUL; the empty string as `00 00`.
    static func writeString(_ text: String, limit: Int, _ field: String, to writer: inout ByteWriter) throws(WireError)
    {
        let utf8 = Array(text.utf8)
        guard !utf8.contains(0) else { throw WireError(.invalidValue, field: field, detail: "contains a NUL") }
        guard !utf8.isEmpty else { return writer.writeUInt16(0) }
        guard utf8.count + 1 <= limit else {
            throw WireError(.tooLong, field: field, detail: "\(utf8.count + 1) bytes with NUL, at most \(limit)")
        }
        writer.writeUInt16(UInt16(utf8.count + 1))
        writer.writeBytes(utf8)
        writer.writeUInt8(0)
    }

    /// Reads a `str`. Like 2.x, the last of its `length` bytes is taken as the terminator whatever it
    /// holds, and the text ends at the first NUL before it.
    static func readString(_ reader: inout ByteReader, limit: Int, _ field: String) throws(WireError) -> String {
        let lengthOffset = reader.offset
        let length = Int(try reader.readUInt16("\(field) length"))
        guard length <= limit else {
            throw WireError(.tooLong, field: field, offset: lengthOffset, detail: "\(length) bytes, at most \(limit)")
        }
        let bytes = try reader.readBytes(length, field)
        return String(decoding: bytes.dropLast().prefix { $0 != 0 }, as: UTF8.self)
    }

    /// A `str` that may be missing at the end of the message (read as empty).
    static func readOptionalString(_ reader: inout ByteReader, limit: Int, _ field: String) throws(WireError) -> String
    {
        reader.isAtEnd ? "" : try readString(&reader, limit: limit, field)
    }
}
