// InternetChecksum: the one's-complement sum of RFC 1071, fast enough for every segment the TUN
// offload path cuts or joins (32-bit loads summed into 64 bits, folded once at the end).
//
// The sum is computed over little-endian 16-bit words and byte-swapped at the end: one's
// complement addition does not care about byte order, so this equals the big-endian sum.

/// RFC 1071 sums over raw bytes.
enum InternetChecksum {
    /// The 16-bit one's-complement sum (not complemented) of `bytes`, big-endian, added to
    /// `initial` (also a big-endian partial sum).
    @inline(__always)
    static func sum(_ bytes: UnsafeRawBufferPointer, initial: UInt32 = 0) -> UInt16 {
        var folded = initial
        while folded >> 16 != 0 { folded = (folded & 0xFFFF) + (folded >> 16) }
        var total = UInt64(UInt16(folded).byteSwapped)
        var index = 0
        let count = bytes.count
        if let base = bytes.baseAddress {
            while index + 4 <= count {
                total &+= UInt64(base.loadUnaligned(fromByteOffset: index, as: UInt32.self))
                index += 4
            }
            if index + 2 <= count {
                total &+= UInt64(base.loadUnaligned(fromByteOffset: index, as: UInt16.self))
                index += 2
            }
            if index < count { total &+= UInt64(base.load(fromByteOffset: index, as: UInt8.self)) }
        }
        while total >> 16 != 0 { total = (total & 0xFFFF) + (total >> 16) }
        return UInt16(total).byteSwapped
    }

    /// The pseudo-header sum of TCP/UDP over IPv4 (RFC 793): addresses, protocol, length.
    @inline(__always)
    static func pseudoHeader(source: UInt32, destination: UInt32, protocol proto: UInt8, length: Int) -> UInt32 {
        var total = UInt32(source >> 16) + UInt32(source & 0xFFFF) + UInt32(destination >> 16)
        total += UInt32(destination & 0xFFFF) + UInt32(proto) + UInt32(length)
        while total >> 16 != 0 { total = (total & 0xFFFF) + (total >> 16) }
        return total
    }

    /// Reads and writes big-endian 16- and 32-bit fields.
    @inline(__always)
    static func read16(_ bytes: UnsafeRawBufferPointer, _ offset: Int) -> UInt16 {
        UInt16(bytes[offset]) << 8 | UInt16(bytes[offset + 1])
    }

    @inline(__always)
    static func read32(_ bytes: UnsafeRawBufferPointer, _ offset: Int) -> UInt32 {
        UInt32(read16(bytes, offset)) << 16 | UInt32(read16(bytes, offset + 2))
    }

    @inline(__always)
    static func write16(_ value: UInt16, _ bytes: UnsafeMutableRawBufferPointer, _ offset: Int) {
        bytes[offset] = UInt8(value >> 8)
        bytes[offset + 1] = UInt8(value & 0xFF)
    }

    @inline(__always)
    static func write32(_ value: UInt32, _ bytes: UnsafeMutableRawBufferPointer, _ offset: Int) {
        write16(UInt16(value >> 16), bytes, offset)
        write16(UInt16(value & 0xFFFF), bytes, offset + 2)
    }
}
