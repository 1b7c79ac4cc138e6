// AEADCipher: the data-channel ciphers lanstitch speaks (reference/openvpn-protocol.md §9.1),
// named as OpenVPN's `data-ciphers` option names them. All three use a 12-byte nonce and a
// 16-byte tag.

import COpenSSL

/// An AEAD cipher of the OpenVPN data channel.
public enum AEADCipher: String, CaseIterable, Sendable {
    case aes256GCM = "AES-256-GCM"
    case aes128GCM = "AES-128-GCM"
    case chacha20Poly1305 = "CHACHA20-POLY1305"

    /// Bytes of the tag (all three ciphers).
    public static let tagLength = 16
    /// Bytes of the nonce: packet-id (4) ‖ implicit IV (8).
    public static let nonceLength = 12
    /// Bytes of the implicit IV taken from the key material (§7.1).
    public static let implicitIVLength = 8

    /// The cipher OpenVPN names `name` (any letter case, as `data-ciphers` and `IV_CIPHERS`
    /// spell it); nil for ciphers lanstitch does not speak.
    public init?(openVPNName name: String) {
        self.init(rawValue: name.uppercased())
    }

    /// The OpenVPN name, e.g. "AES-256-GCM".
    public var name: String { rawValue }

    /// Bytes of the cipher key.
    public var keyLength: Int {
        switch self {
        case .aes256GCM, .chacha20Poly1305: 32
        case .aes128GCM: 16
        }
    }

    /// OpenSSL's cipher; a static object that is never freed.
    var evp: OpaquePointer? {
        switch self {
        case .aes256GCM: EVP_aes_256_gcm()
        case .aes128GCM: EVP_aes_128_gcm()
        case .chacha20Poly1305: EVP_chacha20_poly1305()
        }
    }
}
