// DataChannelKeys: splits the 256 bytes of data-channel key material — from TLS-EKM or the
// legacy PRF — into one end's keys (reference/openvpn-protocol.md §7.1):
//
//   bytes      key[n] half     AEAD use
//   0..63      key[0].cipher   client → server key (first 16 or 32 bytes)
//   64..127    key[0].hmac     client → server implicit IV (first 8 bytes)
//   128..191   key[1].cipher   server → client key
//   192..255   key[1].hmac     server → client implicit IV
//
// The client encrypts with key[0] and the server with key[1] — the opposite of tls-crypt.

/// Why key material was refused.
public enum DataChannelKeyError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The material was not 256 bytes.
    case materialLength(Int)
    /// A cipher key was all zero bytes (OpenVPN: "Bad dynamic key generated").
    case zeroCipherKey

    public var description: String {
        switch self {
        case .materialLength(let count): "data-channel key material has 256 bytes, not \(count)"
        case .zeroCipherKey: "a data-channel cipher key is all zeros; refusing it"
        }
    }
}

/// One end's data-channel keys for one key id: what it seals with and what it opens with.
public struct DataChannelKeys: Equatable, Sendable {
    /// Bytes of key material (OpenVPN's `struct key2`).
    public static let materialLength = 256

    public let cipher: AEADCipher
    /// Key for packets this end sends (`cipher.keyLength` bytes).
    public let encryptKey: [UInt8]
    /// Implicit IV for packets this end sends (8 bytes).
    public let encryptImplicitIV: [UInt8]
    /// Key for packets this end receives.
    public let decryptKey: [UInt8]
    /// Implicit IV for packets this end receives.
    public let decryptImplicitIV: [UInt8]

    /// `role`'s keys for `cipher` from 256 bytes of `material`.
    public init(material: some Collection<UInt8>, cipher: AEADCipher, role: EndpointRole) throws {
        let material = Array(material)
        guard material.count == Self.materialLength else { throw DataChannelKeyError.materialLength(material.count) }
        func key(_ index: Int) -> (key: [UInt8], iv: [UInt8]) {
            let cipherStart = index * 128
            let hmacStart = cipherStart + 64
            return (
                Array(material[cipherStart..<(cipherStart + cipher.keyLength)]),
                Array(material[hmacStart..<(hmacStart + AEADCipher.implicitIVLength)])
            )
        }
        let (send, receive) = role == .client ? (key(0), key(1)) : (key(1), key(0))
        guard send.key.contains(where: { $0 != 0 }), receive.key.contains(where: { $0 != 0 }) else {
            throw DataChannelKeyError.zeroCipherKey
        }
        self.cipher = cipher
        encryptKey = send.key
        encryptImplicitIV = send.iv
        decryptKey = receive.key
        decryptImplicitIV = receive.iv
    }

    /// A new context that seals this end's outgoing packets.
    public func makeSealer() throws -> AEADContext {
        try AEADContext(cipher: cipher, key: encryptKey, implicitIV: encryptImplicitIV, direction: .seal)
    }

    /// A new context that opens the peer's packets.
    public func makeOpener() throws -> AEADContext {
        try AEADContext(cipher: cipher, key: decryptKey, implicitIV: decryptImplicitIV, direction: .open)
    }
}
