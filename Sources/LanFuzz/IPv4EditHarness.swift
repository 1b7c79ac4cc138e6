// IPv4EditHarness: the in-place IPv4 editors of the forwarding path (issue 16, item 9, third
// priority) on packets in buffers of exactly their size, so a read or write one byte out traps
// (Swift's checked buffer subscripts in debug, AddressSanitizer under the fuzzer) where a
// release build would read a neighbour's bytes. Invariants: the header checksum stays right
// after every edit; a TCP or UDP checksum that was right stays right (incremental updates,
// RFC 1624); an ICMP error is a valid IPv4 packet with right checksums that fits its buffer.
//
// Input: fix(1) | mss(2) | destination(4) | output size(2) | packet bytes. Checksums stop a
// mutated packet at the parser, so `fix` bit 0 fills in the TCP or UDP checksum and bit 1 the
// header checksum before the editors run (bit 1 clear: the packet as it is).

import LanForwarding
import LanValues

/// clampTCPMSS, decrementTTL, rewriteDestination and ICMPError.build on fuzzed packets.
enum IPv4EditHarness {
    static let harness = FuzzHarness(
        name: "ipv4-edit",
        summary: "IPv4Packet parse, clampTCPMSS, decrementTTL, rewriteDestination and ICMPError.build in place",
        maxLength: 2048
    ) { run($0) }

    static let router = IPv4Address(10, 249, 0, 1)

    static func run(_ bytes: [UInt8]) {
        var input = FuzzInput(bytes)
        let fix = input.byte()
        let mss = input.uint16()
        let destination = IPv4Address(input.uint32())
        let outputSize = Int(input.uint16() % 1024)
        withExactBuffer(input.rest()) { buffer in
            if fix & 1 != 0 { TransportChecksum.fill(buffer) }
            if fix & 2 != 0 { fillHeaderChecksum(buffer) }
            guard let packet = try? IPv4Packet(buffer) else { return }
            let transport = TransportChecksum(packet)
            packet.clampTCPMSS(to: mss)
            check(packet, transport, "clampTCPMSS(to: \(mss))")
            _ = packet.decrementTTL()
            check(packet, transport, "decrementTTL")
            packet.rewriteDestination(to: destination)
            fuzzRequire(packet.destination == destination, "rewriteDestination did not set the destination")
            check(packet, transport, "rewriteDestination")
            for error in [ICMPError.networkUnreachable, .hostUnreachable, .timeExceeded] {
                withExactBuffer([UInt8](repeating: 0xEE, count: outputSize)) { output in
                    icmp(error, answering: packet, into: output)
                }
            }
        }
    }

    /// The header checksum must be right, and a transport checksum that was right must be.
    static func check(_ packet: IPv4Packet, _ before: TransportChecksum, _ edit: String) {
        let header = UnsafeRawBufferPointer(rebasing: packet.bytes[0..<packet.headerLength])
        fuzzRequire(IPv4Packet.checksum(header) == 0, "\(edit) left a wrong IPv4 header checksum")
        guard before.wasRight else { return }
        fuzzRequire(TransportChecksum(packet).wasRight, "\(edit) broke a right \(before.name) checksum")
    }

    static func icmp(_ error: ICMPError, answering packet: IPv4Packet, into output: UnsafeMutableRawBufferPointer) {
        guard let length = error.build(answering: packet, from: router, into: output) else { return }
        fuzzRequire(length <= output.count, "ICMP error of \(length) bytes in a \(output.count)-byte buffer")
        let reply = UnsafeMutableRawBufferPointer(rebasing: output[0..<length])
        guard let parsed = try? IPv4Packet(reply) else { return fuzzRequire(false, "the ICMP error is not IPv4") }
        fuzzRequire(parsed.totalLength == length && parsed.proto == 1, "the ICMP error's header is wrong")
        fuzzRequire(parsed.destination == packet.source, "the ICMP error goes elsewhere than the source")
        let body = UnsafeRawBufferPointer(rebasing: reply[parsed.headerLength..<length])
        fuzzRequire(IPv4Packet.checksum(body) == 0, "the ICMP error's checksum is wrong")
    }

    /// Writes the header checksum of `buffer` when its header length is 20 or more and fits it.
    static func fillHeaderChecksum(_ buffer: UnsafeMutableRawBufferPointer) {
        guard buffer.count >= 20, (20...buffer.count).contains(Int(buffer[0] & 0x0F) * 4) else { return }
        let header = UnsafeMutableRawBufferPointer(rebasing: buffer[0..<Int(buffer[0] & 0x0F) * 4])
        (header[10], header[11]) = (0, 0)
        let sum = IPv4Packet.checksum(UnsafeRawBufferPointer(header))
        (header[10], header[11]) = (UInt8(sum >> 8), UInt8(sum & 0xFF))
    }

    /// Runs `body` over a heap buffer holding exactly `bytes`.
    static func withExactBuffer(_ bytes: [UInt8], _ body: (UnsafeMutableRawBufferPointer) -> Void) {
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: bytes.count, alignment: 1)
        defer { buffer.deallocate() }
        buffer.copyBytes(from: bytes)
        body(buffer)
    }
}

/// Whether a packet's TCP or UDP checksum verifies over its pseudo-header (RFC 793, RFC 768),
/// for the packets the editors patch: first fragments with a whole TCP header or UDP header
/// whose length field is the IPv4 payload's, and a UDP checksum that is not 0 (none).
struct TransportChecksum {
    let name: String
    let wasRight: Bool

    init(_ packet: IPv4Packet) {
        guard let (name, offset) = Self.field(packet.bytes) else {
            (name, wasRight) = ("no transport", false)
            return
        }
        self.name = name
        wasRight = Self.sum(packet.bytes, checksumAt: offset) == 0
    }

    /// Writes the right TCP or UDP checksum into a buffer shaped like a packet (header and total
    /// lengths within it), whatever its header checksum says.
    static func fill(_ bytes: UnsafeMutableRawBufferPointer) {
        guard let (_, offset) = field(bytes) else { return }
        (bytes[offset], bytes[offset + 1]) = (0, 0)
        let sum = Self.sum(bytes, checksumAt: offset)
        (bytes[offset], bytes[offset + 1]) = (UInt8(sum >> 8), UInt8(sum & 0xFF))
        if bytes[offset] == 0, bytes[offset + 1] == 0, bytes[9] == 17 {
            (bytes[offset], bytes[offset + 1]) = (0xFF, 0xFF)
        }
    }

    /// The transport and the offset of its checksum, for a packet the editors patch.
    static func field(_ bytes: UnsafeMutableRawBufferPointer) -> (String, Int)? {
        guard bytes.count >= 20 else { return nil }
        let start = Int(bytes[0] & 0x0F) * 4
        let total = Int(bytes[2]) << 8 | Int(bytes[3])
        let firstFragment = bytes[6] & 0x1F == 0 && bytes[7] == 0
        guard start >= 20, total <= bytes.count, total >= start, firstFragment else { return nil }
        let length = total - start
        switch bytes[9] {
        case 6 where length >= 20: return ("TCP", start + 16)
        case 17 where length >= 8 && Int(bytes[start + 4]) << 8 | Int(bytes[start + 5]) == length:
            return bytes[start + 6] != 0 || bytes[start + 7] != 0 ? ("UDP", start + 6) : nil
        default: return nil
        }
    }

    /// The checksum over the pseudo-header and the segment: 0 when the one stored is right.
    static func sum(_ bytes: UnsafeMutableRawBufferPointer, checksumAt offset: Int) -> UInt16 {
        let start = Int(bytes[0] & 0x0F) * 4
        let total = Int(bytes[2]) << 8 | Int(bytes[3])
        var pseudo = Array(UnsafeRawBufferPointer(rebasing: bytes[12..<20])) + [0, bytes[9]]
        pseudo += [UInt8((total - start) >> 8), UInt8((total - start) & 0xFF)]
        let whole = pseudo + Array(UnsafeRawBufferPointer(rebasing: bytes[start..<total]))
        return whole.withUnsafeBytes { IPv4Packet.checksum($0) }
    }
}
