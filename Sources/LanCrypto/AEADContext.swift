// AEADContext: seals or opens data-channel packets in place with one key and one direction
// (reference/openvpn-protocol.md §9.1). The hot path: the EVP_CIPHER_CTX is keyed once, and
// each packet only sets the nonce, so sealing and opening allocate nothing.
//
//   nonce (12) = packet-id (4, big-endian) ‖ implicit IV (8)
//   P_DATA_V2  = op|peer-id (4) ‖ packet-id (4) ‖ tag (16) ‖ ciphertext     AAD = first 8 bytes
//
// Buffers are the caller's: AAD, payload and tag are separate regions of one packet buffer.

import COpenSSL

/// Why an AEAD context could not be made.
public enum AEADError: Error, Equatable, Sendable, CustomStringConvertible {
    case keyLength(cipher: String, expected: Int, actual: Int)
    case implicitIVLength(Int)

    public var description: String {
        switch self {
        case .keyLength(let cipher, let expected, let actual):
            "\(cipher) needs a \(expected)-byte key, not \(actual) bytes"
        case .implicitIVLength(let count): "the implicit IV has 8 bytes, not \(count)"
        }
    }
}

/// One data-channel key in one direction: seals (encrypts) or opens (decrypts) packets.
///
/// Owns an `EVP_CIPHER_CTX` and a 12-byte nonce buffer, freed in `deinit`. Not safe for
/// concurrent use: one context per key, direction and worker thread. It is `Sendable` only so
/// that it can be handed to the worker that then owns it.
public final class AEADContext: @unchecked Sendable {
    /// Whether this context encrypts or decrypts.
    public enum Direction: Sendable {
        case seal
        case open
    }

    public let cipher: AEADCipher
    public let direction: Direction
    let context: OpaquePointer
    let nonce: UnsafeMutablePointer<UInt8>  // packet-id ‖ implicit IV; only the first 4 change
    let scratch: UnsafeMutablePointer<UInt8>  // EVP_*Final's output: AEAD ciphers write nothing

    /// A context for `key` (`cipher.keyLength` bytes) and `implicitIV` (8 bytes).
    public init(
        cipher: AEADCipher, key: some Collection<UInt8>, implicitIV: some Collection<UInt8>, direction: Direction
    ) throws {
        let key = Array(key)
        let implicitIV = Array(implicitIV)
        guard key.count == cipher.keyLength else {
            throw AEADError.keyLength(cipher: cipher.name, expected: cipher.keyLength, actual: key.count)
        }
        guard implicitIV.count == AEADCipher.implicitIVLength else {
            throw AEADError.implicitIVLength(implicitIV.count)
        }
        let context = try require(EVP_CIPHER_CTX_new(), "EVP_CIPHER_CTX_new")
        self.cipher = cipher
        self.direction = direction
        self.context = context
        nonce = .allocate(capacity: AEADCipher.nonceLength)
        nonce.initialize(repeating: 0, count: 4)
        (nonce + 4).initialize(from: implicitIV, count: AEADCipher.implicitIVLength)
        scratch = .allocate(capacity: 32)
        let encrypt: Int32 = direction == .seal ? 1 : 0
        try check(EVP_CipherInit_ex2(context, cipher.evp, key, nil, encrypt, nil), "EVP_CipherInit_ex2(\(cipher.name))")
        try check(
            EVP_CIPHER_CTX_ctrl(context, EVP_CTRL_AEAD_SET_IVLEN, Int32(AEADCipher.nonceLength), nil),
            "EVP_CIPHER_CTX_ctrl(SET_IVLEN)")
    }

    deinit {
        EVP_CIPHER_CTX_free(context)
        nonce.deinitialize(count: AEADCipher.nonceLength)
        nonce.deallocate()
        scratch.deallocate()
    }

    /// Encrypts `payload` in place and writes the 16-byte tag to `tag`.
    ///
    /// `aad` is authenticated, not encrypted (P_DATA_V2: its first 8 bytes). The three regions
    /// must not overlap. Allocates nothing. Only for a `.seal` context.
    public func seal(
        packetID: UInt32, aad: UnsafeRawBufferPointer, payload: UnsafeMutableRawBufferPointer,
        tag: UnsafeMutableRawBufferPointer
    ) throws {
        precondition(direction == .seal, "seal on an opening AEAD context")
        precondition(tag.count >= AEADCipher.tagLength, "the tag needs 16 bytes")
        try start(packetID: packetID, aad: aad)
        try crypt(payload, "EVP_EncryptUpdate")
        var length: Int32 = 0
        try check(EVP_CipherFinal_ex(context, scratch, &length), "EVP_CipherFinal_ex")
        try check(
            EVP_CIPHER_CTX_ctrl(context, EVP_CTRL_AEAD_GET_TAG, Int32(AEADCipher.tagLength), tag.baseAddress),
            "EVP_CIPHER_CTX_ctrl(GET_TAG)")
    }

    /// Decrypts `payload` in place and checks `tag` (16 bytes); true when the packet is
    /// authentic. On false `payload` holds unauthenticated bytes: drop the packet.
    ///
    /// The regions must not overlap. Allocates nothing. Only for an `.open` context. Throws
    /// only when OpenSSL itself fails, never for a forged packet.
    public func open(
        packetID: UInt32, aad: UnsafeRawBufferPointer, payload: UnsafeMutableRawBufferPointer,
        tag: UnsafeRawBufferPointer
    ) throws -> Bool {
        precondition(direction == .open, "open on a sealing AEAD context")
        precondition(tag.count >= AEADCipher.tagLength, "the tag needs 16 bytes")
        try start(packetID: packetID, aad: aad)
        try check(
            EVP_CIPHER_CTX_ctrl(
                context, EVP_CTRL_AEAD_SET_TAG, Int32(AEADCipher.tagLength),
                UnsafeMutableRawPointer(mutating: tag.baseAddress)),
            "EVP_CIPHER_CTX_ctrl(SET_TAG)")
        try crypt(payload, "EVP_DecryptUpdate")
        var length: Int32 = 0
        guard EVP_CipherFinal_ex(context, scratch, &length) == 1 else {
            ERR_clear_error()
            return false
        }
        return true
    }

    /// Sets the nonce for `packetID` and feeds the AAD.
    @inline(__always)
    func start(packetID: UInt32, aad: UnsafeRawBufferPointer) throws {
        nonce[0] = UInt8(truncatingIfNeeded: packetID >> 24)
        nonce[1] = UInt8(truncatingIfNeeded: packetID >> 16)
        nonce[2] = UInt8(truncatingIfNeeded: packetID >> 8)
        nonce[3] = UInt8(truncatingIfNeeded: packetID)
        try check(EVP_CipherInit_ex2(context, nil, nil, nonce, -1, nil), "EVP_CipherInit_ex2(nonce)")
        guard let base = aad.baseAddress, aad.count > 0 else { return }
        var length: Int32 = 0
        try check(
            EVP_CipherUpdate(context, nil, &length, base.assumingMemoryBound(to: UInt8.self), Int32(aad.count)),
            "EVP_CipherUpdate(AAD)")
    }

    /// Encrypts or decrypts `payload` in place. `function` is a literal: no allocation.
    @inline(__always)
    func crypt(_ payload: UnsafeMutableRawBufferPointer, _ function: String) throws {
        guard let base = payload.baseAddress, payload.count > 0 else { return }
        let bytes = base.assumingMemoryBound(to: UInt8.self)
        var length: Int32 = 0
        try check(EVP_CipherUpdate(context, bytes, &length, bytes, Int32(payload.count)), function)
        guard length == payload.count else { throw OpenSSLError(function + " (short output)") }
    }
}
