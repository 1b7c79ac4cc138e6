// DataChannelMessages: the fixed plaintexts that travel inside data packets instead of tunnel IP
// packets: the keepalive ping (reference §9.3) and OCC messages, of which a TLS-mode peer only
// ever sends OCC_EXIT (§9.5). The receiver drops both before the TUN device.

/// Special data-channel plaintexts, after compression framing is removed.
public enum DataChannelMessage: Equatable, Sendable {
    /// The keepalive ping: exactly `pingPayload`.
    case ping
    /// An OCC message: `occMagic` followed by an OCC opcode byte (nil if missing).
    case occ(opcode: UInt8?)

    /// The 16-byte ping payload (§9.3), sent when nothing was sent for `ping` seconds.
    public static let pingPayload: [UInt8] = [
        0x2A, 0x18, 0x7B, 0xF3, 0x64, 0x1E, 0xB4, 0xCB, 0x07, 0xED, 0x2D, 0x0A, 0x98, 0x1F, 0xC7, 0x48,
    ]

    /// The 16-byte prefix of every OCC message (§9.5).
    public static let occMagic: [UInt8] = [
        0x28, 0x7F, 0x34, 0x6B, 0xD4, 0xEF, 0x7A, 0x81, 0x2D, 0x56, 0xB8, 0xD3, 0xAF, 0xC5, 0x45, 0x9C,
    ]

    /// OCC opcode of the explicit exit notification: the peer is going away (§9.5).
    public static let occExit: UInt8 = 6

    /// The OCC_EXIT plaintext: `occMagic` then `occExit`, 17 bytes.
    public static let occExitPayload: [UInt8] = occMagic + [occExit]

    /// True for an OCC_EXIT message.
    public var isExit: Bool { self == .occ(opcode: Self.occExit) }

    /// Classifies a decrypted, unframed plaintext; nil for an ordinary tunnel packet.
    public init?(plaintext: UnsafeRawBufferPointer) {
        if plaintext.elementsEqual(Self.pingPayload) {
            self = .ping
        } else if plaintext.count >= Self.occMagic.count,
            plaintext.prefix(Self.occMagic.count).elementsEqual(Self.occMagic)
        {
            self = .occ(opcode: plaintext.count > Self.occMagic.count ? plaintext[Self.occMagic.count] : nil)
        } else {
            return nil
        }
    }

    /// Classifies a decrypted, unframed plaintext; nil for an ordinary tunnel packet.
    public init?(plaintext: [UInt8]) {
        guard let message = plaintext.withUnsafeBytes({ DataChannelMessage(plaintext: $0) }) else { return nil }
        self = message
    }
}
