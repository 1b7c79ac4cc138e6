// The TUN offload's pure halves: a TSO super-packet cut into segments that each carry valid
// IPv4 and TCP checksums and contiguous sequence numbers, with FIN/PSH only on the last; and the
// same segments joined back into one super-packet header, while anything out of order or of
// another flow is left alone.

import LanHost
import Testing

@testable import LanLinux

@Suite struct TunOffloadTests {
    /// A TCP/IPv4 packet 10.0.0.1:5001 → 10.0.0.2:40000 with a 12-byte timestamp option.
    static func tcpPacket(payload: [UInt8], sequence: UInt32 = 1_000, flags: UInt8 = 0x18, port: UInt16 = 5001)
        -> [UInt8]
    {
        let total = 20 + 32 + payload.count
        var bytes: [UInt8] = [0x45, 0, UInt8(total >> 8), UInt8(total & 0xFF), 0x12, 0x34, 0x40, 0, 64, 6, 0, 0]
        bytes += [10, 0, 0, 1, 10, 0, 0, 2]
        bytes += [UInt8(port >> 8), UInt8(port & 0xFF), 0x9C, 0x40]
        bytes += [24, 16, 8, 0].map { UInt8((sequence >> UInt32($0)) & 0xFF) }
        bytes += [0, 0, 0x30, 0x39, 0x80, flags, 0x01, 0xF5, 0, 0, 0, 0]
        bytes += [1, 1, 8, 10, 0, 0, 0, 7, 0, 0, 0, 9]
        bytes += payload
        return bytes
    }

    func ipValid(_ packet: UnsafeRawBufferPointer) -> Bool {
        InternetChecksum.sum(UnsafeRawBufferPointer(rebasing: packet[0..<20])) == 0xFFFF
    }

    func tcpValid(_ packet: UnsafeRawBufferPointer) -> Bool {
        let pseudo = InternetChecksum.pseudoHeader(
            source: InternetChecksum.read32(packet, 12), destination: InternetChecksum.read32(packet, 16), protocol: 6,
            length: packet.count - 20)
        return InternetChecksum.sum(UnsafeRawBufferPointer(rebasing: packet[20...]), initial: pseudo) == 0xFFFF
    }

    @Test func aSuperPacketIsCutIntoValidContiguousSegments() throws {
        let payload = (0..<10_000).map { UInt8(truncatingIfNeeded: $0 * 7) }
        let superPacket = Self.tcpPacket(payload: payload, flags: 0x19)  // ACK PSH FIN
        let batch = PacketBatch(capacity: 64)
        let result = superPacket.withUnsafeBytes { TCPSegmenter.segment($0, mss: 1448, into: batch) }
        #expect(result?.added == 7 && result?.next == nil)
        var joined: [UInt8] = []
        for index in 0..<batch.count {
            let segment = UnsafeRawBufferPointer(batch.bytes(at: index))
            #expect(ipValid(segment), "segment \(index) IPv4 checksum")
            #expect(tcpValid(segment), "segment \(index) TCP checksum")
            #expect(InternetChecksum.read32(segment, 24) == 1_000 + UInt32(index * 1448))
            #expect(InternetChecksum.read16(segment, 4) == 0x1234 + UInt16(index))
            #expect(segment[33] == (index == batch.count - 1 ? 0x19 : 0x10), "segment \(index) flags")
            joined += segment[52...]
        }
        #expect(joined == payload)
    }

    @Test func aSuperPacketLargerThanTheFreeSlotsIsCutAcrossCalls() throws {
        let superPacket = Self.tcpPacket(payload: [UInt8](repeating: 1, count: 5000))
        let batch = PacketBatch(capacity: 2)
        let first = superPacket.withUnsafeBytes { TCPSegmenter.segment($0, mss: 1000, into: batch) }
        #expect(first?.added == 2 && first?.next == 2)
        batch.removeAll()
        let second = superPacket.withUnsafeBytes { TCPSegmenter.segment($0, mss: 1000, from: 2, into: batch) }
        #expect(second?.added == 2 && second?.next == 4)
        #expect(InternetChecksum.read32(UnsafeRawBufferPointer(batch.bytes(at: 0)), 24) == 3_000)
    }

    @Test func segmentsOfOneFlowAreJoinedBackAndOthersAreNot() throws {
        let payload = (0..<6000).map { UInt8(truncatingIfNeeded: $0) }
        let batch = PacketBatch(capacity: 64)
        _ = Self.tcpPacket(payload: payload, flags: 0x18).withUnsafeBytes {
            TCPSegmenter.segment($0, mss: 1448, into: batch)
        }
        let segments = batch.count
        #expect(TCPCoalescer.run(in: batch, from: 0) == segments)
        let virtio = UnsafeMutableRawBufferPointer.allocate(byteCount: 10, alignment: 8)
        let headers = UnsafeMutableRawBufferPointer.allocate(byteCount: 128, alignment: 8)
        defer {
            virtio.deallocate()
            headers.deallocate()
        }
        let length = TCPCoalescer.buildHeaders(batch, start: 0, count: segments, virtio: virtio, headers: headers)
        #expect(length == 52)
        let header = VirtioNetHeader(UnsafeRawBufferPointer(virtio))
        #expect(header.gsoType == VirtioNetHeader.gsoTCPv4 && header.gsoSize == 1448 && header.headerLength == 52)
        #expect(
            header.flags == VirtioNetHeader.needsChecksum && header.checksumStart == 20 && header.checksumOffset == 16)
        #expect(InternetChecksum.read16(UnsafeRawBufferPointer(headers), 2) == UInt16(52 + 6000))
        #expect(ipValid(UnsafeRawBufferPointer(rebasing: headers[0..<20])))
        #expect(headers[33] == 0x18)
        // Another flow, a gap, or a SYN in between ends the run.
        let mixed = PacketBatch(capacity: 8)
        mixed.append(Self.tcpPacket(payload: [1, 2, 3, 4], sequence: 100, flags: 0x10))
        mixed.append(Self.tcpPacket(payload: [5, 6, 7, 8], sequence: 104, flags: 0x10))
        mixed.append(Self.tcpPacket(payload: [9, 9, 9, 9], sequence: 108, flags: 0x10, port: 5002))
        mixed.append(Self.tcpPacket(payload: [1, 1, 1, 1], sequence: 200, flags: 0x10))
        mixed.append(Self.tcpPacket(payload: [], sequence: 300, flags: 0x02))
        #expect(TCPCoalescer.run(in: mixed, from: 0) == 2)
        #expect(TCPCoalescer.run(in: mixed, from: 2) == 1)
        #expect(TCPCoalescer.run(in: mixed, from: 3) == 1)
        #expect(TCPCoalescer.run(in: mixed, from: 4) == 1)
    }

    @Test func aPacketWhoseChecksumIsLeftToUsIsFinished() throws {
        var packet = Self.tcpPacket(payload: [UInt8](repeating: 0xAB, count: 333))
        // The kernel leaves the pseudo-header sum in the checksum field.
        let pseudo = packet.withUnsafeBytes {
            InternetChecksum.pseudoHeader(
                source: InternetChecksum.read32($0, 12), destination: InternetChecksum.read32($0, 16), protocol: 6,
                length: packet.count - 20)
        }
        packet[36] = UInt8(pseudo >> 8)
        packet[37] = UInt8(pseudo & 0xFF)
        var header = VirtioNetHeader()
        header.flags = VirtioNetHeader.needsChecksum
        header.checksumStart = 20
        header.checksumOffset = 16
        let batch = PacketBatch(capacity: 4)
        #expect(packet.withUnsafeBytes { TCPSegmenter.split($0, header: header, into: batch) } == 1)
        #expect(tcpValid(UnsafeRawBufferPointer(batch.bytes(at: 0))))
    }
}
