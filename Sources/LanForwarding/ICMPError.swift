// ICMPError: the ICMP errors a router sends (RFC 792, RFC 1812 §4.3.2): destination
// unreachable (no route) and time exceeded (TTL expired), built into a caller-provided buffer
// from the offending packet, sourced from the forwarding server's own tunnel address.

import LanValues

/// An ICMP error a forwarding server answers with.
public enum ICMPError: Sendable {
    /// Type 3, code 0 (network unreachable): no route for the destination.
    case networkUnreachable
    /// Type 3, code 1 (host unreachable): the prefix is known but the member is not connected.
    case hostUnreachable
    /// Type 11, code 0: TTL exceeded in transit.
    case timeExceeded

    var typeAndCode: (UInt8, UInt8) {
        switch self {
        case .networkUnreachable: return (3, 0)
        case .hostUnreachable: return (3, 1)
        case .timeExceeded: return (11, 0)
        }
    }

    /// Builds the error for `offending` into `output` and returns its length, or nil when no
    /// error may be sent (RFC 1812: not for ICMP errors, non-first fragments, or broadcast and
    /// multicast destinations) or `output` is too small. The reply quotes the offending
    /// header and up to 8 bytes of its payload.
    public func build(
        answering offending: IPv4Packet, from router: IPv4Address, into output: UnsafeMutableRawBufferPointer
    ) -> Int? {
        guard offending.isFirstFragment, !isICMPError(offending), offending.destination.value >> 28 != 0xE,
            offending.destination.value != UInt32.max
        else { return nil }
        let quoted = min(offending.totalLength, offending.headerLength + 8)
        let length = 20 + 8 + quoted
        guard output.count >= length else { return nil }
        for index in 0..<length { output[index] = 0 }
        // IPv4 header.
        output[0] = 0x45
        output[2] = UInt8(length >> 8)
        output[3] = UInt8(length & 0xFF)
        output[8] = 64
        output[9] = 1
        write32(router.value, at: 12, in: output)
        write32(offending.source.value, at: 16, in: output)
        let headerSum = IPv4Packet.checksum(UnsafeRawBufferPointer(rebasing: output[0..<20]))
        output[10] = UInt8(headerSum >> 8)
        output[11] = UInt8(headerSum & 0xFF)
        // ICMP header and the quoted packet.
        (output[20], output[21]) = typeAndCode
        for index in 0..<quoted { output[28 + index] = offending.bytes[index] }
        let icmpSum = IPv4Packet.checksum(UnsafeRawBufferPointer(rebasing: output[20..<length]))
        output[22] = UInt8(icmpSum >> 8)
        output[23] = UInt8(icmpSum & 0xFF)
        return length
    }

    func isICMPError(_ packet: IPv4Packet) -> Bool {
        guard packet.proto == 1, packet.totalLength > packet.headerLength else { return false }
        let type = packet.bytes[packet.headerLength]
        return [3, 4, 5, 11, 12].contains(type)
    }

    func write32(_ value: UInt32, at offset: Int, in buffer: UnsafeMutableRawBufferPointer) {
        buffer[offset] = UInt8(value >> 24)
        buffer[offset + 1] = UInt8(value >> 16 & 0xFF)
        buffer[offset + 2] = UInt8(value >> 8 & 0xFF)
        buffer[offset + 3] = UInt8(value & 0xFF)
    }
}
