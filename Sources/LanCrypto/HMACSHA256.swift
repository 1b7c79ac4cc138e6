// HMACSHA256: HMAC-SHA256 over OpenSSL's EVP_MAC, the authenticator of tls-crypt
// (reference/openvpn-protocol.md §3.4). A context is keyed once and reused for every message.

import COpenSSL

/// HMAC-SHA256 with one key, reused for many messages.
///
/// Owns an `EVP_MAC_CTX`, freed in `deinit`. Not safe for concurrent use: give each thread (or
/// each session) its own context. A message is `reset()`, any number of `update`, `finalize`.
public final class HMACSHA256 {
    /// Bytes in a tag.
    public static let tagLength = 32
    let context: OpaquePointer

    /// A context keyed with `key` (any length; tls-crypt uses 32 bytes).
    public init(key: some Collection<UInt8>) throws {
        let mac = try require(EVP_MAC_fetch(nil, "HMAC", nil), "EVP_MAC_fetch(HMAC)")
        defer { EVP_MAC_free(mac) }  // the context holds its own reference
        context = try require(EVP_MAC_CTX_new(mac), "EVP_MAC_CTX_new")
        let key = Array(key)
        var params = [stringParameter("digest", "SHA256"), OSSL_PARAM_construct_end()]
        try key.withUnsafeBytes { key in
            try check(
                EVP_MAC_init(context, key.baseAddress?.assumingMemoryBound(to: UInt8.self), key.count, &params),
                "EVP_MAC_init(HMAC-SHA256)")
        }
    }

    deinit { EVP_MAC_CTX_free(context) }

    /// Starts a new message with the same key.
    public func reset() throws {
        try check(EVP_MAC_init(context, nil, 0, nil), "EVP_MAC_init")
    }

    /// Adds `bytes` to the current message.
    public func update(_ bytes: UnsafeRawBufferPointer) throws {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return }
        try check(EVP_MAC_update(context, base.assumingMemoryBound(to: UInt8.self), bytes.count), "EVP_MAC_update")
    }

    /// Writes the 32-byte tag of the current message to `tag` (at least 32 bytes).
    public func finalize(into tag: UnsafeMutableRawBufferPointer) throws {
        precondition(tag.count >= Self.tagLength, "an HMAC-SHA256 tag needs 32 bytes")
        var length = 0
        try check(
            EVP_MAC_final(context, tag.baseAddress?.assumingMemoryBound(to: UInt8.self), &length, Self.tagLength),
            "EVP_MAC_final")
        guard length == Self.tagLength else { throw OpenSSLError("EVP_MAC_final(length \(length))") }
    }

    /// The tag of `parts` concatenated, as a new message.
    public func tag(of parts: [UInt8]...) throws -> [UInt8] {
        try reset()
        for part in parts {
            try part.withUnsafeBytes { try update($0) }
        }
        var tag = [UInt8](repeating: 0, count: Self.tagLength)
        try tag.withUnsafeMutableBytes { try finalize(into: $0) }
        return tag
    }

    /// One-shot HMAC-SHA256 of `message` under `key` (EVP_Q_mac).
    public static func tag(key: some Collection<UInt8>, message: some Collection<UInt8>) throws -> [UInt8] {
        let key = Array(key)
        let message = Array(message)
        var tag = [UInt8](repeating: 0, count: tagLength)
        var length = 0
        let result = key.withUnsafeBytes { key in
            message.withUnsafeBytes { message in
                EVP_Q_mac(
                    nil, "HMAC", nil, "SHA256", nil, key.baseAddress, key.count,
                    message.baseAddress?.assumingMemoryBound(to: UInt8.self), message.count, &tag, tagLength, &length)
            }
        }
        guard result != nil, length == tagLength else { throw OpenSSLError("EVP_Q_mac(HMAC-SHA256)") }
        return tag
    }
}
