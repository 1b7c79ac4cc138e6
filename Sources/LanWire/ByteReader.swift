// ByteReader: a bounds-checked, consuming big-endian reader over borrowed bytes. Every wire
// decoder in LanWire reads through it, so a truncated input becomes a `WireError`, never a trap.
// Names follow swift-nio: `read*` consumes, `peek*` does not.

/// Reads big-endian integers and byte runs from the front of a borrowed buffer.
///
/// Ownership: the reader borrows `bytes`; it must not outlive the buffer. Use
/// `ByteReader.reading(_:_:)` to borrow an array for the duration of a closure. Not thread-safe
/// (a value with a cursor; give each task its own).
public struct ByteReader {
    /// The whole input; `offset` is the cursor into it.
    public let bytes: UnsafeRawBufferPointer
    /// How many bytes have been consumed.
    public private(set) var offset: Int = 0

    /// A reader at the start of `bytes`, which must stay valid while the reader is used.
    public init(_ bytes: UnsafeRawBufferPointer) {
        self.bytes = bytes
    }

    /// Runs `body` with a reader over `array` (borrowed for the call, no copy).
    public static func reading<T>(
        _ array: [UInt8], _ body: (inout ByteReader) throws(WireError) -> T
    ) throws(WireError) -> T {
        let result: Result<T, WireError> = array.withUnsafeBytes { raw in
            var reader = ByteReader(raw)
            do throws(WireError) {
                return .success(try body(&reader))
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    /// Bytes not yet consumed.
    public var remaining: Int { bytes.count - offset }

    /// True once every byte has been consumed.
    public var isAtEnd: Bool { offset == bytes.count }

    /// Throws `.truncated` unless `count` more bytes are available.
    public func require(_ count: Int, _ field: String) throws(WireError) {
        guard count >= 0, count <= remaining else {
            throw WireError(
                .truncated, field: field, offset: offset, detail: "needs \(count) bytes, \(remaining) left")
        }
    }

    /// Throws `.trailingBytes` unless the input is fully consumed.
    public func requireEnd(after field: String) throws(WireError) {
        guard isAtEnd else {
            throw WireError(.trailingBytes, field: field, offset: offset, detail: "\(remaining) bytes left")
        }
    }

    /// The next byte, not consumed.
    public func peekUInt8(_ field: String = "byte") throws(WireError) -> UInt8 {
        try require(1, field)
        return bytes[offset]
    }

    /// Consumes one byte.
    public mutating func readUInt8(_ field: String = "byte") throws(WireError) -> UInt8 {
        try require(1, field)
        defer { offset += 1 }
        return bytes[offset]
    }

    /// Consumes a big-endian u16.
    public mutating func readUInt16(_ field: String = "u16") throws(WireError) -> UInt16 {
        UInt16(truncatingIfNeeded: try readBigEndian(2, field))
    }

    /// A 24-bit big-endian integer (the P_DATA_V2 peer-id).
    public mutating func readUInt24(_ field: String = "u24") throws(WireError) -> UInt32 {
        UInt32(truncatingIfNeeded: try readBigEndian(3, field))
    }

    /// Consumes a big-endian u32.
    public mutating func readUInt32(_ field: String = "u32") throws(WireError) -> UInt32 {
        UInt32(truncatingIfNeeded: try readBigEndian(4, field))
    }

    /// Consumes a big-endian u64.
    public mutating func readUInt64(_ field: String = "u64") throws(WireError) -> UInt64 {
        try readBigEndian(8, field)
    }

    /// The next `count` bytes, copied out.
    public mutating func readBytes(_ count: Int, _ field: String = "bytes") throws(WireError) -> [UInt8] {
        try require(count, field)
        defer { offset += count }
        return Array(UnsafeRawBufferPointer(rebasing: bytes[offset..<(offset + count)]))
    }

    /// Every byte not yet consumed, copied out.
    public mutating func readRemaining() -> [UInt8] {
        defer { offset = bytes.count }
        return Array(UnsafeRawBufferPointer(rebasing: bytes[offset...]))
    }

    /// Skips `count` bytes.
    public mutating func skip(_ count: Int, _ field: String = "bytes") throws(WireError) {
        try require(count, field)
        offset += count
    }

    private mutating func readBigEndian(_ width: Int, _ field: String) throws(WireError) -> UInt64 {
        try require(width, field)
        var value: UInt64 = 0
        for index in offset..<(offset + width) {
            value = value << 8 | UInt64(bytes[index])
        }
        offset += width
        return value
    }
}
