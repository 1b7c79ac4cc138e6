// TCPCoalescer: the send half of the TUN offload — what the kernel's GRO does. Consecutive
// packets of a batch that are in-order segments of one TCP/IPv4 flow (same addresses, ports,
// ACK, window, options, TTL and TOS; contiguous sequence numbers; every segment as long as the
// first but the last; only ACK, and PSH on the last) are handed to the TUN device as one
// super-packet: a virtio header (TCPV4, gso_size = the first segment's payload, checksum left to
// finish), the first segment's headers edited for the whole length, then every payload where it
// already lies (writev, no copy). The kernel then takes one packet where it would take dozens.

import Glibc
import LanHost

/// The fields of one TCP/IPv4 segment the coalescer compares.
struct TCPSegmentView {
    static let ipLength = 20
    let tcpLength: Int
    let payload: Int
    let sequence: UInt32
    let flags: UInt8

    /// Nil unless `bytes` is an unfragmented TCP/IPv4 packet without IP options whose total
    /// length is the buffer's.
    init?(_ bytes: UnsafeRawBufferPointer) {
        guard bytes.count >= 40, bytes[0] == 0x45, bytes[9] == 6 else { return nil }
        guard Int(InternetChecksum.read16(bytes, 2)) == bytes.count else { return nil }
        guard bytes[6] & 0x3F == 0, bytes[7] == 0 else { return nil }  // No MF, fragment offset 0.
        let tcpLength = Int(bytes[32] >> 4) * 4
        guard tcpLength >= 20, bytes.count >= 20 + tcpLength else { return nil }
        self.tcpLength = tcpLength
        payload = bytes.count - 20 - tcpLength
        sequence = InternetChecksum.read32(bytes, 24)
        flags = bytes[33]
    }
}

/// Finds runs of joinable segments and builds the super-packet's headers.
enum TCPCoalescer {
    /// TCP flags: ACK, and PSH.
    static let ack: UInt8 = 0x10
    static let push: UInt8 = 0x08
    /// The most segments joined into one super-packet.
    static let maxSegments = 64

    /// How many packets from `start` form one joinable run (1 when `start` joins nothing).
    static func run(in batch: PacketBatch, from start: Int) -> Int {
        let first = UnsafeRawBufferPointer(batch.bytes(at: start))
        guard let head = TCPSegmentView(first), head.payload > 0, head.flags == ack else { return 1 }
        let headers = 20 + head.tcpLength
        var total = first.count
        var expected = head.sequence &+ UInt32(head.payload)
        var end = start + 1
        while end < batch.count, end - start < maxSegments {
            let next = UnsafeRawBufferPointer(batch.bytes(at: end))
            guard let view = TCPSegmentView(next), view.tcpLength == head.tcpLength, view.sequence == expected,
                view.payload > 0, view.payload <= head.payload, view.flags & ~push == ack,
                total + view.payload <= 65_535, sameFlow(first, next, headers: headers)
            else { break }
            total += view.payload
            expected = expected &+ UInt32(view.payload)
            end += 1
            // Only the last may be shorter or carry PSH.
            if view.payload < head.payload || view.flags & push != 0 { break }
        }
        return end - start
    }

    /// Same TOS, DF, TTL, addresses, ports, ACK number, window and options.
    static func sameFlow(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer, headers: Int) -> Bool {
        guard a[1] == b[1], a[6] & 0x40 == b[6] & 0x40, a[8] == b[8] else { return false }
        // Addresses (12..<20), ports (20..<24), ACK (28..<32), window (34..<36), options (40..<headers).
        return equal(a, b, 12..<24) && equal(a, b, 28..<32) && equal(a, b, 34..<36) && equal(a, b, 40..<headers)
    }

    @inline(__always)
    static func equal(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer, _ range: Range<Int>) -> Bool {
        range.isEmpty || memcmp(a.baseAddress! + range.lowerBound, b.baseAddress! + range.lowerBound, range.count) == 0
    }

    /// Writes the virtio header and the joined headers for packets `start..<start + count` into
    /// `virtio` (10 bytes) and `headers` (the first segment's header length); returns that length.
    static func buildHeaders(
        _ batch: PacketBatch, start: Int, count: Int, virtio: UnsafeMutableRawBufferPointer,
        headers: UnsafeMutableRawBufferPointer
    ) -> Int {
        let first = UnsafeRawBufferPointer(batch.bytes(at: start))
        let last = UnsafeRawBufferPointer(batch.bytes(at: start + count - 1))
        let tcpLength = Int(first[32] >> 4) * 4
        let headerLength = 20 + tcpLength
        var total = headerLength
        for index in start..<(start + count) { total += batch.length(at: index) - headerLength }
        let out = UnsafeMutableRawBufferPointer(rebasing: headers[0..<headerLength])
        out.copyMemory(from: UnsafeRawBufferPointer(rebasing: first[0..<headerLength]))
        InternetChecksum.write16(UInt16(total), out, 2)
        InternetChecksum.write16(0, out, 10)
        let ipSum = InternetChecksum.sum(UnsafeRawBufferPointer(rebasing: out[0..<20]))
        InternetChecksum.write16(~ipSum, out, 10)
        out[33] = last[33]  // PSH of the last segment.
        // The TCP checksum field holds the pseudo-header sum; the kernel finishes it.
        let pseudo = InternetChecksum.pseudoHeader(
            source: InternetChecksum.read32(first, 12), destination: InternetChecksum.read32(first, 16), protocol: 6,
            length: total - 20)
        InternetChecksum.write16(UInt16(pseudo), out, 36)
        var header = VirtioNetHeader()
        header.flags = VirtioNetHeader.needsChecksum
        header.gsoType = VirtioNetHeader.gsoTCPv4
        header.headerLength = UInt16(headerLength)
        header.gsoSize = UInt16(batch.length(at: start) - headerLength)
        header.checksumStart = 20
        header.checksumOffset = 16
        header.write(to: virtio)
        return headerLength
    }
}
