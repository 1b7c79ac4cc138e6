// ProbePacket: the link probe on the wire — a 36-byte ICMP echo request (RFC 792) from the
// server's tunnel address to the same address, identifier 0x4C53 ("LS"), sequence number, and
// the 8-byte payload "lanstich". Built in place into a caller's buffer; recognised without copy.
//
//   0  IPv4 header (20): 0x45, length 36, TTL 64, protocol 1, source = destination = tunnel
//   20 ICMP: type 8, code 0, checksum, identifier 0x4C53, sequence
//   28 payload "lanstich"

import LanForwarding
import LanValues

public enum ProbePacket {
    public static let length = 36
    static let identifier: UInt16 = 0x4C53
    static let payload = Array("lanstich".utf8)

    /// Builds the probe from `address` with `sequence` into `buffer` (at least `length` bytes).
    public static func build(from address: IPv4Address, sequence: UInt16, into buffer: UnsafeMutableRawBufferPointer) {
        precondition(buffer.count >= length, "a probe needs \(length) bytes")
        for index in 0..<length { buffer[index] = 0 }
        buffer[0] = 0x45
        buffer[3] = UInt8(length)
        buffer[8] = 64
        buffer[9] = 1
        for offset in [12, 16] { write32(address.value, at: offset, in: buffer) }
        let headerSum = IPv4Packet.checksum(UnsafeRawBufferPointer(rebasing: buffer[0..<20]))
        buffer[10] = UInt8(headerSum >> 8)
        buffer[11] = UInt8(headerSum & 0xFF)
        buffer[20] = 8
        buffer[24] = UInt8(identifier >> 8)
        buffer[25] = UInt8(identifier & 0xFF)
        buffer[26] = UInt8(sequence >> 8)
        buffer[27] = UInt8(sequence & 0xFF)
        for (index, byte) in payload.enumerated() { buffer[28 + index] = byte }
        let icmpSum = IPv4Packet.checksum(UnsafeRawBufferPointer(rebasing: buffer[20..<length]))
        buffer[22] = UInt8(icmpSum >> 8)
        buffer[23] = UInt8(icmpSum & 0xFF)
    }

    /// The sequence number when `packet` is a probe of `address` come back, else nil. Checks the
    /// length first, so other packets cost one comparison.
    public static func returnedSequence(_ packet: UnsafeMutableRawBufferPointer, of address: IPv4Address) -> UInt16? {
        guard packet.count == length, packet[0] == 0x45, packet[9] == 1, packet[20] == 8,
            read32(12, packet) == address.value, read32(16, packet) == address.value,
            UInt16(packet[24]) << 8 | UInt16(packet[25]) == identifier
        else { return nil }
        return UInt16(packet[26]) << 8 | UInt16(packet[27])
    }

    static func write32(_ value: UInt32, at offset: Int, in buffer: UnsafeMutableRawBufferPointer) {
        for index in 0..<4 { buffer[offset + index] = UInt8(value >> (24 - 8 * index) & 0xFF) }
    }

    static func read32(_ offset: Int, _ buffer: UnsafeMutableRawBufferPointer) -> UInt32 {
        (0..<4).reduce(0) { $0 << 8 | UInt32(buffer[offset + $1]) }
    }
}
