// IPv4Packet: reading and editing an IPv4 header in place, in the buffer the packet arrived in
// (no copy): validation, addresses, TTL decrement with the incremental checksum update of
// RFC 1624, and the header checksum itself.

import LanValues

/// Why a buffer is not a forwardable IPv4 packet; counted as a drop reason.
public enum IPv4Problem: Error, Equatable, Sendable {
    case tooShort, notIPv4, badHeaderLength, badTotalLength, badChecksum
}

/// A view of an IPv4 packet in a caller-owned buffer. The buffer must outlive the view; the
/// view never copies or retains it.
public struct IPv4Packet {
    public let bytes: UnsafeMutableRawBufferPointer

    /// Validates version, header length, total length (≤ buffer) and header checksum.
    public init(_ bytes: UnsafeMutableRawBufferPointer) throws(IPv4Problem) {
        guard bytes.count >= 20 else { throw .tooShort }
        guard bytes[0] >> 4 == 4 else { throw .notIPv4 }
        let headerLength = Int(bytes[0] & 0x0F) * 4
        guard headerLength >= 20, headerLength <= bytes.count else { throw .badHeaderLength }
        let total = Int(bytes[2]) << 8 | Int(bytes[3])
        guard total >= headerLength, total <= bytes.count else { throw .badTotalLength }
        guard IPv4Packet.checksum(UnsafeRawBufferPointer(rebasing: bytes[0..<headerLength])) == 0 else {
            throw .badChecksum
        }
        self.bytes = bytes
    }

    public var headerLength: Int { Int(bytes[0] & 0x0F) * 4 }
    public var totalLength: Int { Int(bytes[2]) << 8 | Int(bytes[3]) }
    public var ttl: UInt8 { bytes[8] }
    public var proto: UInt8 { bytes[9] }
    public var source: IPv4Address { IPv4Address(read32(12)) }
    public var destination: IPv4Address { IPv4Address(read32(16)) }

    /// True for the first fragment or an unfragmented packet (ICMP errors answer only those).
    public var isFirstFragment: Bool { (UInt16(bytes[6] & 0x1F) << 8 | UInt16(bytes[7])) == 0 }

    func read32(_ offset: Int) -> UInt32 {
        UInt32(bytes[offset]) << 24 | UInt32(bytes[offset + 1]) << 16 | UInt32(bytes[offset + 2]) << 8
            | UInt32(bytes[offset + 3])
    }

    /// Decrements the TTL and patches the checksum incrementally (RFC 1624: HC' = ~(~HC + ~m + m')).
    /// Returns false, changing nothing, when the TTL is already 0 or 1 (the packet must not be
    /// forwarded; answer with ICMP time exceeded).
    public func decrementTTL() -> Bool {
        guard bytes[8] > 1 else { return false }
        let old = UInt16(bytes[8]) << 8 | UInt16(bytes[9])
        bytes[8] -= 1
        Self.patch16(checksumAt: 10, in: bytes, old: old, new: UInt16(bytes[8]) << 8 | UInt16(bytes[9]))
        return true
    }

    /// The Internet checksum (RFC 1071) of `data`: 0 for a header whose checksum is right.
    public static func checksum(_ data: UnsafeRawBufferPointer) -> UInt16 {
        var sum: UInt32 = 0
        var index = 0
        while index + 1 < data.count {
            sum += UInt32(data[index]) << 8 | UInt32(data[index + 1])
            index += 2
        }
        if index < data.count { sum += UInt32(data[index]) << 8 }
        while sum >> 16 != 0 { sum = (sum & 0xFFFF) + (sum >> 16) }
        return ~UInt16(sum)
    }
}
