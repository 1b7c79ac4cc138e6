// IPv4Template: the UDP-in-IPv4 packet the allocation benchmark forwards, with a valid header
// checksum (the server checks it) and a TTL of 64.

import LanForwarding
import LanValues

enum IPv4Template {
    /// Fills `bytes` with an IPv4/UDP packet of `bytes.count` bytes from `source` to `destination`.
    static func write(into bytes: UnsafeMutableRawBufferPointer, from source: IPv4Address, to destination: IPv4Address)
    {
        for index in bytes.indices { bytes[index] = UInt8(truncatingIfNeeded: index) }
        let header: [UInt8] = [
            0x45, 0, UInt8(bytes.count >> 8), UInt8(bytes.count & 0xFF),  // version/IHL, DSCP, total length
            0, 1, 0x40, 0,  // identification, don't fragment
            64, 17, 0, 0,  // TTL, UDP, checksum (below)
        ]
        for (index, byte) in header.enumerated() { bytes[index] = byte }
        for (offset, address) in [(12, source), (16, destination)] {
            for shift in 0..<4 { bytes[offset + shift] = UInt8(truncatingIfNeeded: address.value >> (24 - 8 * shift)) }
        }
        let checksum = IPv4Packet.checksum(UnsafeRawBufferPointer(rebasing: bytes[0..<20]))
        bytes[10] = UInt8(checksum >> 8)
        bytes[11] = UInt8(checksum & 0xFF)
    }
}
