// CompressionFraming: the compression "stub" framings a peer may require on every data-channel
// plaintext even though nothing is compressed (reference §9.6). Applied before encryption and
// removed after decryption, pings included. Real LZO/LZ4 is not supported: their headers are
// decoding errors here, as 2.6 with "allow-compression no" treats them.

/// Which stub framing a connection uses, decided from the pushed `comp-lzo`/`compress` option.
public enum CompressionFraming: Equatable, Sendable {
    /// No framing (the 2.6 default).
    case none
    /// `comp-lzo no`: prepend 0xFA; the receiver requires it.
    case lzoStub
    /// `compress` (stub, v1): move the first byte to the end and put 0xFB in its place.
    case stubV1
    /// `compress stub-v2`: identity, except that a plaintext starting with 0x50 gets `50 00` prepended.
    case stubV2

    /// `NO_COMPRESS_BYTE`: the comp-lzo stub marker.
    public static let lzoNoCompressByte: UInt8 = 0xFA
    /// `NO_COMPRESS_BYTE_SWAP`: the compress v1 stub marker.
    public static let swapNoCompressByte: UInt8 = 0xFB
    /// The compress v2 escape byte; followed by an algorithm byte, 0 meaning "uncompressed".
    public static let v2EscapeByte: UInt8 = 0x50
    /// The v2 algorithm byte for "not compressed".
    public static let v2Uncompressed: UInt8 = 0x00

    /// The framed plaintext to encrypt.
    public func frame(_ plaintext: [UInt8]) -> [UInt8] {
        switch self {
        case .none:
            return plaintext
        case .lzoStub:
            return [Self.lzoNoCompressByte] + plaintext
        case .stubV1:
            guard let first = plaintext.first else { return [Self.swapNoCompressByte] }
            var framed = plaintext
            framed[0] = Self.swapNoCompressByte
            framed.append(first)
            return framed
        case .stubV2:
            guard plaintext.first == Self.v2EscapeByte else { return plaintext }
            return [Self.v2EscapeByte, Self.v2Uncompressed] + plaintext
        }
    }

    /// The plaintext inside a decrypted, framed packet; throws on a header this framing does not
    /// allow (2.6 drops such packets: "Bad compression stub decompression header byte").
    public func unframe(_ framed: [UInt8]) throws(WireError) -> [UInt8] {
        switch self {
        case .none:
            return framed
        case .lzoStub:
            try Self.expect(framed.first, Self.lzoNoCompressByte, "comp-lzo stub byte")
            return Array(framed.dropFirst())
        case .stubV1:
            try Self.expect(framed.first, Self.swapNoCompressByte, "compress stub byte")
            guard framed.count > 1 else { return [] }
            var plaintext = Array(framed.dropLast())
            plaintext[0] = framed[framed.count - 1]
            return plaintext
        case .stubV2:
            guard framed.first == Self.v2EscapeByte else { return framed }
            guard framed.count >= 2 else {
                throw WireError(.truncated, field: "compress v2 algorithm byte", offset: 1)
            }
            try Self.expect(framed[1], Self.v2Uncompressed, "compress v2 algorithm byte")
            return Array(framed.dropFirst(2))
        }
    }

    static func expect(_ byte: UInt8?, _ expected: UInt8, _ field: String) throws(WireError) {
        guard let byte else { throw WireError(.truncated, field: field, offset: 0) }
        guard byte == expected else {
            throw WireError(
                .invalidValue, field: field,
                detail: "0x\(String(byte, radix: 16)), expected 0x\(String(expected, radix: 16))")
        }
    }
}
