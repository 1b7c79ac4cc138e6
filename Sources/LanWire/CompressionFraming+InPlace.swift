// In-place compression stub framing for the data path (reference §9.6): the same framings as
// CompressionFraming.frame/unframe, applied inside a pooled buffer with headroom, so a packet is
// never copied or allocated. Framing grows the plaintext by at most `maxHeadroom` bytes in front
// (lzo stub: 1, stub-v2: 2) or one byte at the end (stub v1).

extension CompressionFraming {
    /// The most bytes framing adds in front of a plaintext.
    public static let maxHeadroom = 2
    /// The most bytes framing adds after a plaintext.
    public static let maxTailroom = 1

    /// Frames the plaintext at `plaintext` inside `buffer` and returns the framed range.
    ///
    /// Contract: `buffer` must hold `maxHeadroom` bytes before `plaintext` and `maxTailroom` after
    /// it (throws `.truncated` otherwise); bytes outside the returned range are unspecified.
    public func frame(in buffer: UnsafeMutableRawBufferPointer, plaintext: Range<Int>) throws(WireError) -> Range<Int> {
        guard plaintext.lowerBound >= Self.maxHeadroom, plaintext.upperBound + Self.maxTailroom <= buffer.count else {
            throw WireError(
                .truncated, field: "compression framing room",
                detail: "needs \(Self.maxHeadroom) bytes before and \(Self.maxTailroom) after the plaintext")
        }
        let start = plaintext.lowerBound
        switch self {
        case .none:
            return plaintext
        case .lzoStub:
            buffer[start - 1] = Self.lzoNoCompressByte
            return (start - 1)..<plaintext.upperBound
        case .stubV1:
            guard !plaintext.isEmpty else {
                buffer[start] = Self.swapNoCompressByte
                return start..<(start + 1)
            }
            buffer[plaintext.upperBound] = buffer[start]
            buffer[start] = Self.swapNoCompressByte
            return start..<(plaintext.upperBound + 1)
        case .stubV2:
            guard !plaintext.isEmpty, buffer[start] == Self.v2EscapeByte else { return plaintext }
            buffer[start - 2] = Self.v2EscapeByte
            buffer[start - 1] = Self.v2Uncompressed
            return (start - 2)..<plaintext.upperBound
        }
    }

    /// Removes the framing of the decrypted bytes at `framed` inside `buffer` and returns the
    /// plaintext's range; throws as `unframe(_:)` does.
    public func unframe(in buffer: UnsafeMutableRawBufferPointer, framed: Range<Int>) throws(WireError) -> Range<Int> {
        guard framed.lowerBound >= 0, framed.upperBound <= buffer.count else {
            throw WireError(.truncated, field: "framed plaintext", detail: "range outside the buffer")
        }
        let start = framed.lowerBound
        let first: UInt8? = framed.isEmpty ? nil : buffer[start]
        switch self {
        case .none:
            return framed
        case .lzoStub:
            try Self.expect(first, Self.lzoNoCompressByte, "comp-lzo stub byte")
            return (start + 1)..<framed.upperBound
        case .stubV1:
            try Self.expect(first, Self.swapNoCompressByte, "compress stub byte")
            guard framed.count > 1 else { return start..<start }
            buffer[start] = buffer[framed.upperBound - 1]
            return start..<(framed.upperBound - 1)
        case .stubV2:
            guard first == Self.v2EscapeByte else { return framed }
            guard framed.count >= 2 else {
                throw WireError(.truncated, field: "compress v2 algorithm byte", offset: 1)
            }
            try Self.expect(buffer[start + 1], Self.v2Uncompressed, "compress v2 algorithm byte")
            return (start + 2)..<framed.upperBound
        }
    }
}
