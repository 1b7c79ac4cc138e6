// Tests of in-place compression framing (reference §9.6): it must agree byte for byte with the
// array framing on seeded random plaintexts and hostile framed inputs, and refuse a buffer
// without headroom.

import LanTestKit
import LanWire
import Testing

@Suite struct CompressionFramingTests {
    static let framings: [CompressionFraming] = [.none, .lzoStub, .stubV1, .stubV2]

    static func bytes(_ random: inout SeededGenerator) -> [UInt8] {
        var bytes = (0..<Int.random(in: 0..<40, using: &random)).map { _ in UInt8.random(in: 0...255, using: &random) }
        if !bytes.isEmpty, Bool.random(using: &random) {
            bytes[0] = [0x50, 0xFA, 0xFB, 0x45][Int.random(in: 0..<4, using: &random)]
            if bytes.count > 1, Bool.random(using: &random) { bytes[1] = 0 }
        }
        return bytes
    }

    /// Frames then unframes `plaintext` in a buffer with exactly the required room.
    func inPlace(_ framing: CompressionFraming, _ plaintext: [UInt8]) throws -> (framed: [UInt8], back: [UInt8]) {
        let head = CompressionFraming.maxHeadroom
        var buffer = [UInt8](repeating: 0xEE, count: head + plaintext.count + CompressionFraming.maxTailroom)
        buffer.replaceSubrange(head..<(head + plaintext.count), with: plaintext)
        let result: Result<([UInt8], [UInt8]), WireError> = buffer.withUnsafeMutableBytes { raw in
            do throws(WireError) {
                let framed = try framing.frame(in: raw, plaintext: head..<(head + plaintext.count))
                let framedBytes = Array(raw[framed])
                let back = try framing.unframe(in: raw, framed: framed)
                return .success((framedBytes, Array(raw[back])))
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    @Test func inPlaceMatchesTheArrayFraming() throws {
        var random = SeededGenerator(seed: 0xF4A_0001)
        for _ in 0..<500 {
            let plaintext = Self.bytes(&random)
            for framing in Self.framings {
                let (framed, back) = try inPlace(framing, plaintext)
                #expect(framed == framing.frame(plaintext), "\(framing) \(hexString(plaintext))")
                #expect(back == plaintext, "\(framing) \(hexString(plaintext))")
            }
        }
    }

    @Test func hostileFramedInputsAgree() {
        var random = SeededGenerator(seed: 0xF4A_0002)
        for _ in 0..<2000 {
            var framed = Self.bytes(&random)
            let expected = framed
            for framing in Self.framings {
                let array = try? framing.unframe(expected)
                let inPlace = framed.withUnsafeMutableBytes { raw in
                    (try? framing.unframe(in: raw, framed: 0..<raw.count)).map { Array(raw[$0]) }
                }
                #expect(array == inPlace, "\(framing) \(hexString(expected))")
                framed = expected
            }
        }
    }

    @Test func refusesBuffersWithoutRoom() {
        var buffer = [UInt8](repeating: 0x45, count: 10)
        let refusals = buffer.withUnsafeMutableBytes { raw in
            [
                (try? CompressionFraming.lzoStub.frame(in: raw, plaintext: 1..<9)) == nil,
                (try? CompressionFraming.stubV1.frame(in: raw, plaintext: 2..<10)) == nil,
                (try? CompressionFraming.none.unframe(in: raw, framed: 5..<11)) == nil,
            ]
        }
        #expect(refusals == [true, true, true])
    }
}
