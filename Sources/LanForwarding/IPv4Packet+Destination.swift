// Rewriting a packet's destination address in place (the broadcast relay turns a member's
// subnet broadcast into the LAN's), with the IPv4 header checksum and the UDP or TCP checksum,
// whose pseudo-header holds the destination, patched incrementally (RFC 1624).

import LanValues

extension IPv4Packet {
    /// Sets the destination address to `address` and keeps every checksum right. A UDP
    /// checksum of 0 (none, RFC 768) stays 0; later fragments carry no transport header.
    public func rewriteDestination(to address: IPv4Address) {
        let old = destination.value
        let new = address.value
        for (index, shift) in [(16, 24), (17, 16), (18, 8), (19, 0)] {
            bytes[index] = UInt8((new >> UInt32(shift)) & 0xFF)
        }
        Self.patch(checksumAt: 10, in: bytes, old: old, new: new)
        guard isFirstFragment else { return }
        let transport = headerLength
        switch proto {
        case 17 where totalLength >= transport + 8:
            let at = transport + 6
            guard bytes[at] != 0 || bytes[at + 1] != 0 else { return }
            Self.patch(checksumAt: at, in: bytes, old: old, new: new)
            // A result of 0 is sent as all ones in UDP (0 means "no checksum").
            if bytes[at] == 0, bytes[at + 1] == 0 { (bytes[at], bytes[at + 1]) = (0xFF, 0xFF) }
        case 6 where totalLength >= transport + 20:
            Self.patch(checksumAt: transport + 16, in: bytes, old: old, new: new)
        default:
            break
        }
    }

    /// HC' = ~(~HC + ~m + m') over the two 16-bit halves of a changed 32-bit field.
    static func patch(checksumAt offset: Int, in bytes: UnsafeMutableRawBufferPointer, old: UInt32, new: UInt32) {
        let checksum = UInt16(bytes[offset]) << 8 | UInt16(bytes[offset + 1])
        var sum = UInt32(~checksum)
        sum += UInt32(~UInt16(old >> 16)) + UInt32(~UInt16(old & 0xFFFF))
        sum += UInt32(new >> 16) + UInt32(new & 0xFFFF)
        while sum >> 16 != 0 { sum = (sum & 0xFFFF) + (sum >> 16) }
        let patched = ~UInt16(sum)
        bytes[offset] = UInt8(patched >> 8)
        bytes[offset + 1] = UInt8(patched & 0xFF)
    }
}
