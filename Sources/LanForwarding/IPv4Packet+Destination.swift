// Editing a packet in place with its checksums patched incrementally (RFC 1624): rewriting its
// destination address (the broadcast relay turns a member's subnet broadcast into the LAN's;
// the IPv4 checksum and the UDP or TCP checksum, whose pseudo-header holds the destination), and
// clamping a TCP SYN's MSS option so tunnelled segments are never fragmented.

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
        patch16(checksumAt: offset, in: bytes, old: UInt16(old >> 16), new: UInt16(new >> 16))
        patch16(checksumAt: offset, in: bytes, old: UInt16(old & 0xFFFF), new: UInt16(new & 0xFFFF))
    }
}

extension IPv4Packet {
    /// Lowers the MSS option of a TCP SYN (or SYN-ACK) to `limit` if it is larger, patching the
    /// TCP checksum (OpenVPN's `mssfix`): the peers then send segments whose encrypted packet fits
    /// the underlay's 1500 bytes, so nothing is fragmented. True when the option was changed.
    @discardableResult
    public func clampTCPMSS(to limit: UInt16) -> Bool {
        guard proto == 6, isFirstFragment else { return false }
        let tcp = headerLength
        guard totalLength >= tcp + 20, bytes[tcp + 13] & 0x02 != 0 else { return false }
        let dataOffset = Int(bytes[tcp + 12] >> 4) * 4
        guard dataOffset >= 20, tcp + dataOffset <= totalLength else { return false }
        var option = tcp + 20
        let end = tcp + dataOffset
        while option < end {
            let kind = bytes[option]
            if kind == 0 { return false }
            if kind == 1 {
                option += 1
                continue
            }
            guard option + 1 < end else { return false }
            let length = Int(bytes[option + 1])
            guard length >= 2, option + length <= end else { return false }
            if kind == 2, length == 4 {
                let current = UInt16(bytes[option + 2]) << 8 | UInt16(bytes[option + 3])
                guard current > limit else { return false }
                bytes[option + 2] = UInt8(limit >> 8)
                bytes[option + 3] = UInt8(limit & 0xFF)
                // The checksum sums 16-bit words from the TCP header's start: a value at an odd
                // offset (after a NOP) straddles two words, so its bytes count swapped.
                let aligned = (option + 2 - tcp) % 2 == 0
                Self.patch16(
                    checksumAt: tcp + 16, in: bytes, old: aligned ? current : current.byteSwapped,
                    new: aligned ? limit : limit.byteSwapped)
                return true
            }
            option += length
        }
        return false
    }

    /// HC' = ~(~HC + ~m + m') for one changed 16-bit word.
    static func patch16(checksumAt offset: Int, in bytes: UnsafeMutableRawBufferPointer, old: UInt16, new: UInt16) {
        let checksum = UInt16(bytes[offset]) << 8 | UInt16(bytes[offset + 1])
        var sum = UInt32(~checksum) + UInt32(~old) + UInt32(new)
        while sum >> 16 != 0 { sum = (sum & 0xFFFF) + (sum >> 16) }
        let patched = ~UInt16(sum)
        bytes[offset] = UInt8(patched >> 8)
        bytes[offset + 1] = UInt8(patched & 0xFF)
    }
}
