// FuzzInput: reading structure out of a fuzz input — bytes, small numbers and length-prefixed
// records — without ever failing: an exhausted input reads as zeros and empty records, so every
// input means something and every loop over it is bounded by its length.

/// A cursor over one fuzz input.
///
/// Contract: never traps and never reads past the input; each read consumes what it returns.
struct FuzzInput {
    let bytes: [UInt8]
    private(set) var offset = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    /// True when every byte has been read.
    var isAtEnd: Bool { offset >= bytes.count }

    /// Bytes not read yet.
    var remaining: Int { bytes.count - offset }

    /// The next byte, or 0 at the end.
    mutating func byte() -> UInt8 {
        guard offset < bytes.count else { return 0 }
        defer { offset += 1 }
        return bytes[offset]
    }

    /// The next two bytes as a big-endian number, 0 at the end.
    mutating func uint16() -> UInt16 { UInt16(byte()) << 8 | UInt16(byte()) }

    /// The next four bytes as a big-endian number.
    mutating func uint32() -> UInt32 { UInt32(uint16()) << 16 | UInt32(uint16()) }

    /// Up to `count` bytes (fewer at the end).
    mutating func take(_ count: Int) -> [UInt8] {
        let end = offset + min(max(0, count), remaining)
        defer { offset = end }
        return Array(bytes[offset..<end])
    }

    /// Everything not read yet.
    mutating func rest() -> [UInt8] { take(remaining) }

    /// A record: a big-endian u16 length, then that many bytes (fewer at the end).
    mutating func record() -> [UInt8] { take(Int(uint16())) }

    /// `input` cut at every `separator` byte, at most `limit` parts (the last keeps the rest).
    static func split(_ input: [UInt8], at separator: UInt8, limit: Int) -> [[UInt8]] {
        input.split(separator: separator, maxSplits: max(0, limit - 1), omittingEmptySubsequences: false).map {
            Array($0)
        }
    }
}
