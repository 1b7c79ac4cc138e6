// TestPackets: IPv4 packets for tests, built by hand: a 20-byte header with a valid checksum
// and the given payload, so forwarding and daemon tests can inject what a host would send.

import LanForwarding
import LanValues

/// An IPv4 header (20 bytes, valid checksum) plus `payload`; `proto` 17 (UDP) by default.
public func makePacket(
    source: IPv4Address, destination: IPv4Address, ttl: UInt8 = 64, proto: UInt8 = 17, payload: [UInt8]
)
    -> [UInt8]
{
    var bytes = [UInt8](repeating: 0, count: 20) + payload
    let total = bytes.count
    bytes[0] = 0x45
    bytes[2] = UInt8(total >> 8)
    bytes[3] = UInt8(total & 0xFF)
    bytes[8] = ttl
    bytes[9] = proto
    for (offset, value) in [(12, source.value), (16, destination.value)] {
        for shift in 0..<4 { bytes[offset + shift] = UInt8(value >> UInt32(24 - 8 * shift) & 0xFF) }
    }
    let sum = bytes.withUnsafeBytes { IPv4Packet.checksum(UnsafeRawBufferPointer(rebasing: $0[0..<20])) }
    bytes[10] = UInt8(sum >> 8)
    bytes[11] = UInt8(sum & 0xFF)
    return bytes
}
