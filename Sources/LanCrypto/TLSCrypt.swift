// TLSCrypt: wraps and unwraps tls-crypt (v1) control packets (reference/openvpn-protocol.md
// §3.4), on bytes only; LanWire builds the 17-byte header and parses the rest.
//
//   header (17) = op(1) ‖ own sid(8) ‖ replay id(4) ‖ replay time(4)   authenticated, clear
//   tag (32)    = HMAC-SHA256(Ka, header ‖ plaintext)
//   ciphertext  = AES-256-CTR(Ke, IV = tag[0..16), plaintext)          same length as plaintext
//
// Unwrap decrypts, recomputes the tag and compares it in constant time; the caller checks the
// replay window afterwards, only for packets that authenticated.

import COpenSSL

/// Why a tls-crypt packet was refused.
public enum TLSCryptError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The header was not 17 bytes.
    case headerLength(Int)
    /// Fewer than 32 bytes followed the header: no room for the tag.
    case missingTag(Int)
    /// The tag did not match: wrong key, wrong direction or a forged or corrupted packet.
    case authenticationFailed

    public var description: String {
        switch self {
        case .headerLength(let count): "a tls-crypt header has 17 bytes, not \(count)"
        case .missingTag(let count): "a tls-crypt packet needs a 32-byte tag; only \(count) bytes follow the header"
        case .authenticationFailed: "tls-crypt authentication failed (wrong key, direction, or corrupted packet)"
        }
    }
}

/// tls-crypt for one end of one connection: its send and receive keys, with reusable contexts.
///
/// Owns two HMAC and two AES-CTR OpenSSL contexts. Not safe for concurrent use: one per
/// session, used from the thread that runs the session.
public final class TLSCrypt {
    /// Bytes of the clear header: op, own session id, replay id, replay time.
    public static let headerLength = 17
    /// Bytes of the tag that follows the header.
    public static let tagLength = 32
    /// Bytes tls-crypt adds over an unwrapped control packet (replay id and time, tag).
    public static let overhead = 8 + tagLength

    let sendHMAC: HMACSHA256
    let sendCipher: AES256CTR
    let receiveHMAC: HMACSHA256
    let receiveCipher: AES256CTR

    /// tls-crypt with `keys`.
    public init(keys: TLSCryptKeys) throws {
        sendHMAC = try HMACSHA256(key: keys.sendHMACKey)
        sendCipher = try AES256CTR(key: keys.sendCipherKey)
        receiveHMAC = try HMACSHA256(key: keys.receiveHMACKey)
        receiveCipher = try AES256CTR(key: keys.receiveCipherKey)
    }

    /// tls-crypt for `role` with the LAN's static key.
    public convenience init(staticKey: StaticKey, role: EndpointRole) throws {
        try self.init(keys: TLSCryptKeys(staticKey: staticKey, role: role))
    }

    /// `tag ‖ ciphertext` for `plaintext` sent after `header17`; the packet on the wire is
    /// `header17 ‖ result`.
    public func wrap(header17: some Collection<UInt8>, plaintext: some Collection<UInt8>) throws -> [UInt8] {
        let header = Array(header17)
        guard header.count == Self.headerLength else { throw TLSCryptError.headerLength(header.count) }
        let plaintext = Array(plaintext)
        let tag = try sendHMAC.tag(of: header, plaintext)
        let ciphertext = try sendCipher.apply(iv: tag[0..<AES256CTR.ivLength], to: plaintext)
        return tag + ciphertext
    }

    /// The plaintext of a received packet `header17 ‖ tagAndCiphertext`, once its tag checks.
    /// Throws `TLSCryptError` for packets to drop. The replay id is not checked here.
    public func unwrap(header17: some Collection<UInt8>, tagAndCiphertext: some Collection<UInt8>) throws -> [UInt8] {
        let header = Array(header17)
        guard header.count == Self.headerLength else { throw TLSCryptError.headerLength(header.count) }
        let body = Array(tagAndCiphertext)
        guard body.count >= Self.tagLength else { throw TLSCryptError.missingTag(body.count) }
        let tag = body[0..<Self.tagLength]
        let plaintext = try receiveCipher.apply(iv: tag[0..<AES256CTR.ivLength], to: body[Self.tagLength...])
        let expected = try receiveHMAC.tag(of: header, plaintext)
        let equal = body.withUnsafeBytes { received in
            expected.withUnsafeBytes { CRYPTO_memcmp(received.baseAddress, $0.baseAddress, Self.tagLength) }
        }
        guard equal == 0 else { throw TLSCryptError.authenticationFailed }
        return plaintext
    }
}
