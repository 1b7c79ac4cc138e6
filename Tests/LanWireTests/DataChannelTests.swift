// Tests of the data-channel header (reference §9.1, vector A.3), the ping and OCC_EXIT plaintexts
// (§9.3, §9.5) and the compression stub framings (§9.6).

import LanWire
import Testing

@Suite struct DataChannelTests {
    /// A.3: C→S ping, pid 1.
    let capturedPing = hex(
        """
        48                                  # opcode 9 (P_DATA_V2) << 3 | key id 0
        000000                              # peer-id 0
        00000001                            # packet-id 1
        b290c35062074b28d2f810c6abbf62cb    # AEAD tag
        7cb4871e74a94700df67c8d4ffa2548e    # ciphertext of the 16-byte ping
        """)

    @Test func decodesTheCapturedV2Header() throws {
        let header = try DataHeader(decoding: capturedPing)
        #expect(header.keyID == .initial)
        #expect(header.peerID == PeerID(0))
        #expect(header.packetID == 1)
        #expect(header.opcodeByte.byte == 0x48)
        #expect(header.tagOffset == 8)
        #expect(header.ciphertextOffset == 24)
        #expect(header.additionalDataRange == 0..<8)
        // "ENCRYPT AD: 48000000 00000001"
        #expect(hexString(Array(capturedPing[header.additionalDataRange])) == "4800000000000001")
        #expect(header.encoded() == Array(capturedPing[0..<8]))
    }

    @Test func v1HeaderHasNoPeerID() throws {
        let header = DataHeader(keyID: KeyID(3)!, peerID: nil, packetID: 0x0102_0304)
        let expected = hex(
            """
            33          # opcode 6 (P_DATA_V1) << 3 | key id 3
            01020304    # packet-id
            """)
        #expect(header.encoded() == expected)
        #expect(header.additionalDataRange == 1..<5)
        #expect(header.ciphertextOffset == 21)
        #expect(try DataHeader(decoding: expected + [UInt8](repeating: 0, count: 17)) == header)
    }

    @Test func v2HeaderRoundTrips() throws {
        let header = DataHeader(keyID: KeyID(7)!, peerID: PeerID(0xAB_CDEF)!, packetID: 0xFF00_0000)
        #expect(hexString(header.encoded()) == "4fabcdefff000000")
        #expect(try DataHeader(decoding: header.encoded() + [UInt8](repeating: 0, count: 17)) == header)
    }

    @Test func rejectsControlOpcodesAndMissingPayload() {
        #expect(throws: WireError.self) {
            try DataHeader(decoding: hex("20 000000 00000001") + Array(repeating: 0, count: 17))
        }
        // 16-byte tag but no ciphertext: 2.6's "missing payload".
        #expect(throws: WireError.self) { try DataHeader(decoding: Array(capturedPing[0..<24])) }
        #expect(throws: WireError.self) { try DataHeader(decoding: [0x48, 0, 0]) }
        var small = [UInt8](repeating: 0, count: 7)
        let refused = small.withUnsafeMutableBytes { raw in
            (try? DataHeader(keyID: .initial, peerID: PeerID(1), packetID: 1).write(into: raw)) == nil
        }
        #expect(refused)
    }

    @Test func classifiesPingAndOCCExit() {
        #expect(hexString(DataChannelMessage.pingPayload) == "2a187bf3641eb4cb07ed2d0a981fc748")
        #expect(DataChannelMessage(plaintext: DataChannelMessage.pingPayload) == .ping)
        #expect(hexString(DataChannelMessage.occExitPayload) == "287f346bd4ef7a812d56b8d3afc5459c06")
        #expect(DataChannelMessage(plaintext: DataChannelMessage.occExitPayload)?.isExit == true)
        #expect(DataChannelMessage(plaintext: DataChannelMessage.occMagic) == .occ(opcode: nil))
        #expect(DataChannelMessage(plaintext: DataChannelMessage.pingPayload + [0]) == nil)
        #expect(DataChannelMessage(plaintext: [0x45, 0x00]) == nil)
    }

    @Test func compressionStubsFrameTheLabPing() throws {
        let ping = DataChannelMessage.pingPayload
        // Lab: client ping with comp-lzo no = fa 2a187bf3…
        #expect(hexString(CompressionFraming.lzoStub.frame(ping)) == "fa" + hexString(ping))
        // Lab: client ping with compress = fb 187bf3…48 2a
        #expect(hexString(CompressionFraming.stubV1.frame(ping)) == "fb187bf3641eb4cb07ed2d0a981fc7482a")
        // stub-v2 leaves it unchanged (0x2a is not the escape byte).
        #expect(CompressionFraming.stubV2.frame(ping) == ping)
        #expect(CompressionFraming.stubV2.frame([0x50, 1]) == [0x50, 0x00, 0x50, 1])
        for framing in [CompressionFraming.none, .lzoStub, .stubV1, .stubV2] {
            for plaintext in [ping, [], [0x50], [0x45, 0, 0, 20], [0xFA], [0xFB, 1]] {
                #expect(try framing.unframe(framing.frame(plaintext)) == plaintext, "\(framing) \(plaintext)")
            }
        }
    }

    @Test func compressionStubsRejectWrongHeaders() {
        #expect(throws: WireError.self) { try CompressionFraming.lzoStub.unframe([0x45, 0]) }
        #expect(throws: WireError.self) { try CompressionFraming.lzoStub.unframe([]) }
        #expect(throws: WireError.self) { try CompressionFraming.stubV1.unframe([0xFA, 1]) }
        #expect(throws: WireError.self) { try CompressionFraming.stubV2.unframe([0x50, 0x01, 7]) }
        #expect(throws: WireError.self) { try CompressionFraming.stubV2.unframe([0x50]) }
    }
}
