// Tests of TCP framing (reference §1): packets fed byte by byte, in every two-way split of a
// multi-packet stream, and fatal lengths.

import LanWire
import Testing

@Suite struct TCPFramingTests {
    let packets: [[UInt8]] = [
        Array(repeating: 0x38, count: 54), [0x28], Array(0..<255), Array(repeating: 0x48, count: 40),
    ]

    func stream() throws -> [UInt8] {
        var stream: [UInt8] = []
        for packet in packets { try TCPFrameEncoder.append(packet, to: &stream) }
        return stream
    }

    @Test func encoderPrefixesTheLength() throws {
        #expect(try TCPFrameEncoder.frame([0xAA, 0xBB]) == hex("0002 aabb"))
        #expect(hexString(Array(try TCPFrameEncoder.frame(Array(repeating: 0, count: 343)).prefix(2))) == "0157")
        #expect(throws: WireError.self) { try TCPFrameEncoder.frame([]) }
        #expect(throws: WireError.self) { try TCPFrameEncoder.frame(Array(repeating: 0, count: 65536)) }
    }

    @Test func byteByByte() throws {
        var decoder = TCPFrameDecoder()
        var received: [[UInt8]] = []
        for byte in try stream() {
            received += try decoder.packets(appending: [byte])
        }
        #expect(received == packets)
        #expect(decoder.bufferedCount == 0)
    }

    @Test func everyTwoWaySplit() throws {
        let stream = try stream()
        for cut in 0...stream.count {
            var decoder = TCPFrameDecoder()
            let received = try decoder.packets(appending: stream[..<cut]) + decoder.packets(appending: stream[cut...])
            #expect(received == packets, "split at \(cut)")
        }
    }

    @Test func everyThreeWaySplit() throws {
        let stream = try stream()
        for first in stride(from: 0, through: stream.count, by: 7) {
            for second in first...stream.count {
                var decoder = TCPFrameDecoder()
                var received = try decoder.packets(appending: stream[..<first])
                received += try decoder.packets(appending: stream[first..<second])
                received += try decoder.packets(appending: stream[second...])
                #expect(received == packets, "splits at \(first), \(second)")
            }
        }
    }

    @Test func zeroLengthIsFatalAndStaysFatal() throws {
        var decoder = TCPFrameDecoder()
        #expect(try decoder.packets(appending: hex("0001 28")) == [[0x28]])
        #expect(throws: WireError.self) { try decoder.packets(appending: hex("0000 0001 28")) }
        #expect(throws: WireError.self) { try decoder.packets(appending: hex("0001 28")) }
    }

    @Test func overlongIsFatal() throws {
        var decoder = TCPFrameDecoder(maxPacketLength: 100)
        #expect(try decoder.packets(appending: try TCPFrameEncoder.frame(Array(repeating: 1, count: 100))).count == 1)
        let error = #expect(throws: WireError.self) { try decoder.packets(appending: hex("0065")) }
        #expect(error?.code == .tooLong)
    }
}
