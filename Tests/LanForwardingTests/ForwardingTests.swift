// Forwarding primitives against naive references: longest-prefix match vs a linear scan,
// incremental TTL checksum vs a full recompute, ICMP errors vs RFC 792's layout.

import LanForwarding
import LanTestKit
import LanValues
import Testing

@Suite struct ForwardingTests {
    @Test func longestPrefixWinsAgainstALinearScan() {
        for seed in TestSeeds.list(count: 50) {
            var generator = SeededGenerator(seed: seed)
            var table = RouteTable<Int>()
            var naive: [(IPv4Prefix, Int)] = []
            for value in 0..<Int.random(in: 1...60, using: &generator) {
                let length = [8, 16, 20, 24, 32, Int.random(in: 0...32, using: &generator)].randomElement(
                    using: &generator)!
                let prefix = IPv4Prefix(
                    IPv4Address(0x0A00_0000 | UInt32.random(in: 0...0xFF_FFFF, using: &generator)), length: length)
                table.insert(prefix, value)
                naive.removeAll { $0.0 == prefix }
                naive.append((prefix, value))
            }
            for _ in 0..<500 {
                let address = IPv4Address(0x0A00_0000 | UInt32.random(in: 0...0xFF_FFFF, using: &generator))
                let expected = naive.filter { $0.0.contains(address) }.max { $0.0.length < $1.0.length }?.1
                #expect(table.lookup(address) == expected, "seed \(seed), address \(address)")
            }
            #expect(table.count == naive.count, "seed \(seed)")
        }
    }

    @Test func removingARouteFallsBackToTheShorterOne() throws {
        let wide = try IPv4Prefix.parse("10.0.0.0/8").get()
        let client = try IPv4Prefix.parse("10.251.0.9/32").get()
        var table = RouteTable([(wide, "link"), (client, "session")])
        #expect(table.lookup(IPv4Address(10, 251, 0, 9)) == "session")
        #expect(table.remove(client) == "session")
        #expect(table.lookup(IPv4Address(10, 251, 0, 9)) == "link")
        #expect(table.lookup(IPv4Address(11, 0, 0, 1)) == nil)
        #expect(table.routes.map(\.0) == [wide])
    }

    @Test func ttlDecrementKeepsTheChecksumRight() throws {
        var generator = SeededGenerator(seed: 7)
        for _ in 0..<1_000 {
            var bytes = makePacket(
                source: IPv4Address(UInt32.random(in: 0...UInt32.max, using: &generator)),
                destination: IPv4Address(UInt32.random(in: 0...UInt32.max, using: &generator)),
                ttl: UInt8.random(in: 2...255, using: &generator), payload: [1, 2, 3])
            let before = bytes[8]
            try bytes.withUnsafeMutableBytes { buffer in
                let packet = try IPv4Packet(buffer)
                #expect(packet.decrementTTL())
                #expect(IPv4Packet.checksum(UnsafeRawBufferPointer(rebasing: buffer[0..<20])) == 0)
            }
            #expect(bytes[8] == before - 1)
        }
        var dying = makePacket(
            source: IPv4Address(10, 0, 0, 2), destination: IPv4Address(10, 1, 0, 2), ttl: 1, payload: [0])
        let decremented = try dying.withUnsafeMutableBytes { try IPv4Packet($0).decrementTTL() }
        #expect(decremented == false)
        #expect(dying[8] == 1)
    }

    @Test func malformedPacketsAreRefused() {
        func problem(_ bytes: [UInt8]) -> IPv4Problem? {
            var copy = bytes
            return copy.withUnsafeMutableBytes { buffer -> IPv4Problem? in
                do throws(IPv4Problem) {
                    _ = try IPv4Packet(buffer)
                    return nil
                } catch {
                    return error
                }
            }
        }
        let good = makePacket(
            source: IPv4Address(10, 0, 0, 2), destination: IPv4Address(10, 1, 0, 2), ttl: 9, payload: [1])
        #expect(problem(good) == nil)
        #expect(problem(Array(good.prefix(19))) == .tooShort)
        var v6 = good
        v6[0] = 0x65
        #expect(problem(v6) == .notIPv4)
        var corrupt = good
        corrupt[15] ^= 1
        #expect(problem(corrupt) == .badChecksum)
        #expect(problem(Array(good.dropLast())) == .badTotalLength)
        var generator = SeededGenerator(seed: 11)
        for _ in 0..<5_000 {
            _ = problem(
                (0..<Int.random(in: 0...80, using: &generator)).map { _ in UInt8.random(in: 0...255, using: &generator)
                })
        }
    }

    @Test func icmpErrorsQuoteTheOffenderWithValidChecksums() throws {
        var offending = makePacket(
            source: IPv4Address(10, 249, 0, 2), destination: IPv4Address(10, 77, 0, 1), ttl: 1, payload: Array(0..<40))
        var output = [UInt8](repeating: 0xEE, count: 128)
        let length = try offending.withUnsafeMutableBytes { packetBytes in
            let packet = try IPv4Packet(packetBytes)
            return output.withUnsafeMutableBytes {
                ICMPError.timeExceeded.build(answering: packet, from: IPv4Address(10, 249, 0, 1), into: $0)
            }
        }
        let size = try #require(length)
        #expect(size == 20 + 8 + 28)
        try output.withUnsafeMutableBytes { buffer in
            let reply = try IPv4Packet(UnsafeMutableRawBufferPointer(rebasing: buffer[0..<size]))
            #expect(reply.source == IPv4Address(10, 249, 0, 1))
            #expect(reply.destination == IPv4Address(10, 249, 0, 2))
            #expect(reply.proto == 1)
            #expect(IPv4Packet.checksum(UnsafeRawBufferPointer(rebasing: buffer[20..<size])) == 0)
        }
        #expect(output[20] == 11 && output[21] == 0)
        #expect(Array(output[28..<56]) == Array(offending[0..<28]))
        // Never an error about an ICMP error, nor about multicast.
        let icmpError = makePacket(
            source: IPv4Address(10, 0, 0, 2), destination: IPv4Address(10, 1, 0, 2), ttl: 1, proto: 1,
            payload: [3, 1, 0, 0, 0, 0, 0, 0])
        let multicast = makePacket(
            source: IPv4Address(10, 0, 0, 2), destination: IPv4Address(224, 0, 0, 251), ttl: 1, payload: [0])
        for packetBytes in [icmpError, multicast] {
            var bytes = packetBytes
            let built = try bytes.withUnsafeMutableBytes { packetBytes in
                let packet = try IPv4Packet(packetBytes)
                return output.withUnsafeMutableBytes {
                    ICMPError.networkUnreachable.build(answering: packet, from: IPv4Address(10, 0, 0, 1), into: $0)
                }
            }
            #expect(built == nil)
        }
    }
}
