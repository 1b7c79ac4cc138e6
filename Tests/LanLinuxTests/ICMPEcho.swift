// ICMP echo packets built by hand for the TUN test: an IPv4 header and an echo request, and a
// parser that recognises the kernel's echo reply.

import LanValues

enum ICMPEcho {
    /// The RFC 1071 Internet checksum of `bytes`.
    static func checksum(_ bytes: ArraySlice<UInt8>) -> UInt16 {
        var sum: UInt32 = 0
        var index = bytes.startIndex
        while index < bytes.endIndex {
            let high = UInt32(bytes[index]) << 8
            let low = index + 1 < bytes.endIndex ? UInt32(bytes[index + 1]) : 0
            sum += high | low
            index += 2
        }
        while sum > 0xFFFF { sum = (sum & 0xFFFF) + (sum >> 16) }
        return ~UInt16(sum)
    }

    /// An IPv4 packet carrying an ICMP echo request (type 8) from `source` to `destination`.
    static func request(
        from source: IPv4Address, to destination: IPv4Address, identifier: UInt16, sequence: UInt16,
        payload: [UInt8]
    ) -> [UInt8] {
        var icmp: [UInt8] = [8, 0, 0, 0, UInt8(identifier >> 8), UInt8(identifier & 0xFF)]
        icmp += [UInt8(sequence >> 8), UInt8(sequence & 0xFF)] + payload
        let icmpSum = checksum(icmp[...])
        icmp[2] = UInt8(icmpSum >> 8)
        icmp[3] = UInt8(icmpSum & 0xFF)
        let total = 20 + icmp.count
        var header: [UInt8] = [0x45, 0, UInt8(total >> 8), UInt8(total & 0xFF), 0x12, 0x34, 0x40, 0, 64, 1, 0, 0]
        header += octets(source) + octets(destination)
        let headerSum = checksum(header[...])
        header[10] = UInt8(headerSum >> 8)
        header[11] = UInt8(headerSum & 0xFF)
        return header + icmp
    }

    /// The fields of an IPv4 ICMP echo reply, or nil if `packet` is anything else.
    struct Reply: Equatable {
        var source: IPv4Address
        var destination: IPv4Address
        var identifier: UInt16
        var sequence: UInt16
        var payload: [UInt8]
    }

    static func reply(in packet: [UInt8]) -> Reply? {
        guard packet.count >= 28, packet[0] >> 4 == 4, packet[9] == 1 else { return nil }
        let headerLength = Int(packet[0] & 0x0F) * 4
        guard packet.count >= headerLength + 8, packet[headerLength] == 0,
            checksum(packet[headerLength...]) == 0, checksum(packet[0..<headerLength]) == 0
        else { return nil }
        return Reply(
            source: address(packet, at: 12), destination: address(packet, at: 16),
            identifier: UInt16(packet[headerLength + 4]) << 8 | UInt16(packet[headerLength + 5]),
            sequence: UInt16(packet[headerLength + 6]) << 8 | UInt16(packet[headerLength + 7]),
            payload: Array(packet[(headerLength + 8)...]))
    }

    private static func octets(_ address: IPv4Address) -> [UInt8] {
        (0..<4).map { UInt8(truncatingIfNeeded: address.value >> UInt32(24 - 8 * $0)) }
    }

    private static func address(_ packet: [UInt8], at offset: Int) -> IPv4Address {
        IPv4Address(packet[offset], packet[offset + 1], packet[offset + 2], packet[offset + 3])
    }
}
