// The broadcast relay's pure parts: the per-member token bucket, and rewriting a destination
// with every checksum still right (checked against a full recomputation).

import LanForwarding
import LanValues
import Testing

@Suite struct TokenBucketTests {
    @Test func aBurstPassesThenTheRateHolds() {
        var bucket = TokenBucket(rate: 10, burst: 5)
        let burst = (0..<8).map { _ in bucket.take(atMilliseconds: 1_000) }
        #expect(burst == [true, true, true, true, true, false, false, false])
        // 10 a second: one token every 100 ms.
        let early = bucket.take(atMilliseconds: 1_050)
        let onTime = bucket.take(atMilliseconds: 1_100)
        #expect(!early)
        #expect(onTime)
        // A flood of 10,000 over one second gets about the rate through.
        var passed = 0
        for step in 0..<10_000 where bucket.take(atMilliseconds: 2_000 + Int64(step / 10)) { passed += 1 }
        #expect((9...16).contains(passed), "\(passed)")
    }

    @Test func theBucketNeverHoldsMoreThanTheBurst() {
        var bucket = TokenBucket(rate: 1000, burst: 3)
        _ = bucket.take(atMilliseconds: 0)
        let later = (0..<5).map { _ in bucket.take(atMilliseconds: 60_000) }
        #expect(later == [true, true, true, false, false])
    }
}

@Suite struct DestinationRewriteTests {
    /// An IPv4 + UDP packet from 10.251.0.2:5000 to `destination`:5001 with a real UDP checksum.
    func udpPacket(to destination: IPv4Address, payload: [UInt8]) -> [UInt8] {
        let total = 28 + payload.count
        var bytes: [UInt8] = [0x45, 0, UInt8(total >> 8), UInt8(total & 0xFF), 0, 1, 0, 0, 64, 17, 0, 0]
        bytes += [10, 251, 0, 2] + octets(destination)
        bytes += [0x13, 0x88, 0x13, 0x89, UInt8((8 + payload.count) >> 8), UInt8((8 + payload.count) & 0xFF), 0, 0]
        bytes += payload
        let header = bytes.withUnsafeBytes { IPv4Packet.checksum(UnsafeRawBufferPointer(rebasing: $0[0..<20])) }
        (bytes[10], bytes[11]) = (UInt8(header >> 8), UInt8(header & 0xFF))
        let udp = udpChecksum(bytes)
        (bytes[26], bytes[27]) = (UInt8(udp >> 8), UInt8(udp & 0xFF))
        return bytes
    }

    func octets(_ address: IPv4Address) -> [UInt8] {
        [24, 16, 8, 0].map { UInt8((address.value >> UInt32($0)) & 0xFF) }
    }

    /// The UDP checksum computed from scratch over the pseudo-header and the datagram.
    func udpChecksum(_ packet: [UInt8]) -> UInt16 {
        var datagram = Array(packet[20...])
        (datagram[6], datagram[7]) = (0, 0)
        let pseudo = Array(packet[12..<20]) + [0, 17, UInt8(datagram.count >> 8), UInt8(datagram.count & 0xFF)]
        let sum = (pseudo + datagram).withUnsafeBytes { IPv4Packet.checksum($0) }
        return sum == 0 ? 0xFFFF : sum
    }

    @Test func aSubnetBroadcastBecomesTheLANBroadcastWithValidChecksums() throws {
        for size in [0, 1, 7, 100, 1200] {
            var bytes = udpPacket(to: IPv4Address(10, 251, 255, 255), payload: (0..<size).map { UInt8($0 & 0xFF) })
            try bytes.withUnsafeMutableBytes { raw in
                let packet = try IPv4Packet(raw)
                packet.rewriteDestination(to: IPv4Address(10, 255, 255, 255))
                #expect(packet.destination == IPv4Address(10, 255, 255, 255))
            }
            let header = bytes.withUnsafeBytes { IPv4Packet.checksum(UnsafeRawBufferPointer(rebasing: $0[0..<20])) }
            #expect(header == 0, "size \(size)")
            #expect(UInt16(bytes[26]) << 8 | UInt16(bytes[27]) == udpChecksum(bytes), "size \(size)")
        }
    }

    @Test func aUDPPacketWithoutChecksumKeepsNone() throws {
        var bytes = udpPacket(to: IPv4Address(10, 251, 255, 255), payload: [1, 2, 3])
        (bytes[26], bytes[27]) = (0, 0)
        try bytes.withUnsafeMutableBytes { raw in
            try IPv4Packet(raw).rewriteDestination(to: IPv4Address(255, 255, 255, 255))
        }
        #expect(bytes[26] == 0 && bytes[27] == 0)
        #expect(bytes.withUnsafeBytes { IPv4Packet.checksum(UnsafeRawBufferPointer(rebasing: $0[0..<20])) } == 0)
    }
}

@Suite struct MSSClampTests {
    /// A TCP SYN 10.0.0.1 → 10.0.0.2 with options MSS `mss`, NOP, window scale, with valid checksums;
    /// `afterNOP` puts one NOP before the MSS instead (its value then starts at an odd offset).
    func syn(mss: UInt16, flags: UInt8 = 0x02, afterNOP: Bool = false) -> [UInt8] {
        var bytes: [UInt8] = [0x45, 0, 0, 48, 0, 1, 0x40, 0, 64, 6, 0, 0, 10, 0, 0, 1, 10, 0, 0, 2]
        bytes += [0x13, 0x89, 0x9C, 0x40, 0, 0, 0, 1, 0, 0, 0, 0, 0x70, flags, 0xFF, 0xFF, 0, 0, 0, 0]
        let option: [UInt8] = [2, 4, UInt8(mss >> 8), UInt8(mss & 0xFF)]
        bytes += afterNOP ? [1] + option + [1, 1, 1] : option + [1, 3, 3, 7]
        let header = bytes.withUnsafeBytes { IPv4Packet.checksum(UnsafeRawBufferPointer(rebasing: $0[0..<20])) }
        (bytes[10], bytes[11]) = (UInt8(header >> 8), UInt8(header & 0xFF))
        let tcp = tcpChecksum(bytes)
        (bytes[36], bytes[37]) = (UInt8(tcp >> 8), UInt8(tcp & 0xFF))
        return bytes
    }

    func tcpChecksum(_ packet: [UInt8]) -> UInt16 {
        var segment = Array(packet[20...])
        (segment[16], segment[17]) = (0, 0)
        let pseudo = Array(packet[12..<20]) + [0, 6, UInt8(segment.count >> 8), UInt8(segment.count & 0xFF)]
        return (pseudo + segment).withUnsafeBytes { IPv4Packet.checksum($0) }
    }

    @Test func aLargeMSSIsLoweredWithAValidChecksumAndASmallOneKept() throws {
        var big = syn(mss: 1460)
        let changed = try big.withUnsafeMutableBytes { try IPv4Packet($0).clampTCPMSS(to: 1408) }
        #expect(changed)
        #expect(UInt16(big[42]) << 8 | UInt16(big[43]) == 1408)
        #expect(UInt16(big[36]) << 8 | UInt16(big[37]) == tcpChecksum(big))
        var small = syn(mss: 1200)
        #expect(try small.withUnsafeMutableBytes { try IPv4Packet($0).clampTCPMSS(to: 1408) } == false)
        var notSyn = syn(mss: 1460, flags: 0x10)
        #expect(try notSyn.withUnsafeMutableBytes { try IPv4Packet($0).clampTCPMSS(to: 1408) } == false)
    }

    /// Found by the ipv4-edit fuzzer: an MSS option after a NOP has its value at an odd offset,
    /// where it straddles two checksum words, so the incremental update must use it byte-swapped.
    @Test func anMSSAfterANOPIsLoweredWithAValidChecksum() throws {
        var packet = syn(mss: 1460, afterNOP: true)
        #expect(UInt16(packet[36]) << 8 | UInt16(packet[37]) == tcpChecksum(packet))
        #expect(try packet.withUnsafeMutableBytes { try IPv4Packet($0).clampTCPMSS(to: 1408) })
        #expect(UInt16(packet[43]) << 8 | UInt16(packet[44]) == 1408)
        #expect(UInt16(packet[36]) << 8 | UInt16(packet[37]) == tcpChecksum(packet))
    }
}
