// AES256CTR: the AES-256-CTR keystream of tls-crypt (reference/openvpn-protocol.md §3.4): the
// same operation encrypts and decrypts. One key per context; the IV changes per packet.

import COpenSSL

/// AES-256 in counter mode with one key, reused for many packets.
///
/// Owns an `EVP_CIPHER_CTX`, freed in `deinit`. Not safe for concurrent use: give each thread
/// (or each session) its own context.
public final class AES256CTR {
    /// Bytes in a key.
    public static let keyLength = 32
    /// Bytes in an IV (the initial counter block).
    public static let ivLength = 16
    let context: OpaquePointer

    /// A context for `key` (32 bytes).
    public init(key: some Collection<UInt8>) throws {
        let key = Array(key)
        precondition(key.count == Self.keyLength, "AES-256 needs a 32-byte key")
        context = try require(EVP_CIPHER_CTX_new(), "EVP_CIPHER_CTX_new")
        try check(EVP_EncryptInit_ex2(context, EVP_aes_256_ctr(), key, nil, nil), "EVP_EncryptInit_ex2(AES-256-CTR)")
    }

    deinit { EVP_CIPHER_CTX_free(context) }

    /// XORs the keystream that starts at `iv` (16 bytes) over `input`, writing `output`.
    /// `output` has `input.count` bytes and may be the same memory as `input`.
    public func apply(
        iv: UnsafeRawBufferPointer, input: UnsafeRawBufferPointer, output: UnsafeMutableRawBufferPointer
    ) throws {
        precondition(iv.count == Self.ivLength, "AES-CTR needs a 16-byte IV")
        precondition(output.count >= input.count, "the output is shorter than the input")
        try check(
            EVP_EncryptInit_ex2(context, nil, nil, iv.baseAddress?.assumingMemoryBound(to: UInt8.self), nil),
            "EVP_EncryptInit_ex2(IV)")
        guard let source = input.baseAddress, input.count > 0, let target = output.baseAddress else { return }
        var length: Int32 = 0
        try check(
            EVP_EncryptUpdate(
                context, target.assumingMemoryBound(to: UInt8.self), &length,
                source.assumingMemoryBound(to: UInt8.self), Int32(input.count)),
            "EVP_EncryptUpdate(AES-256-CTR)")
        guard length == input.count else { throw OpenSSLError("EVP_EncryptUpdate(AES-256-CTR length)") }
    }

    /// `bytes` XORed with the keystream that starts at `iv`, as a new array.
    public func apply(iv: some Collection<UInt8>, to bytes: some Collection<UInt8>) throws -> [UInt8] {
        let iv = Array(iv)
        let input = Array(bytes)
        var output = [UInt8](repeating: 0, count: input.count)
        try iv.withUnsafeBytes { iv in
            try input.withUnsafeBytes { input in
                try output.withUnsafeMutableBytes { try apply(iv: iv, input: input, output: $0) }
            }
        }
        return output
    }
}
