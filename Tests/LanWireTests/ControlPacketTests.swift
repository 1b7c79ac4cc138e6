// Tests of the control packet codec against the lab plaintexts of reference Appendix A.2, the
// unwrapped layout of §3.2, and the invariants of §3.1.

import LanWire
import Testing

@Suite struct ControlPacketTests {
    let client = SessionID(0xFC27_25F1_1890_B887)
    let server = SessionID(0x18D1_AB05_7F3B_0907)

    @Test func clientHardResetPlaintext() throws {
        // A.2 #1: "Decrypted plaintext = 00 00000000".
        let plaintext = hex(
            """
            00          # ack count n = 0 (so no remote session id)
            00000000    # msg-id 0
            """)
        let header = try ControlHeader(opcodeByte: OpcodeByte(.controlHardResetClientV2, .initial), sessionID: client)
        let packet = try ControlPacket(header: header, plaintextPart: plaintext)
        #expect(packet.acks.isEmpty)
        #expect(packet.remoteSessionID == nil)
        #expect(packet.messageID == MessageID(0))
        #expect(packet.payload.isEmpty)
        #expect(packet.encodedPlaintextPart() == plaintext)
        // The clear header of the captured packet: 38 fc2725f11890b887.
        #expect(hexString(packet.header.encoded()) == "38fc2725f11890b887")
    }

    @Test func serverHardResetPlaintext() throws {
        // A.2 #2: "Plaintext = 01 00000000 fc2725f11890b887 00000000".
        let plaintext = hex(
            """
            01                  # ack count n = 1
            00000000            # acked msg-id 0
            fc2725f11890b887    # remote session id (the client's)
            00000000            # msg-id 0
            """)
        let header = try ControlHeader(opcodeByte: OpcodeByte(.controlHardResetServerV2, .initial), sessionID: server)
        let packet = try ControlPacket(header: header, plaintextPart: plaintext)
        #expect(packet.acks == [MessageID(0)])
        #expect(packet.remoteSessionID == client)
        #expect(packet.messageID == MessageID(0))
        #expect(packet.encodedPlaintextPart() == plaintext)
        #expect(hexString(packet.header.encoded()) == "4018d1ab057f3b0907")
    }

    @Test func ackPlaintextHasNoMessageID() throws {
        // A.2 #3: "Plaintext = 02 00000001 00000000 18d1ab057f3b0907".
        let plaintext = hex(
            """
            02                  # ack count n = 2
            00000001            # acked msg-id 1
            00000000            # acked msg-id 0
            18d1ab057f3b0907    # remote session id (the server's)
                                # no msg-id: P_ACK_V1
            """)
        let header = try ControlHeader(opcodeByte: OpcodeByte(.ackV1, .initial), sessionID: client)
        let packet = try ControlPacket(header: header, plaintextPart: plaintext)
        #expect(packet.acks == [MessageID(1), MessageID(0)])
        #expect(packet.remoteSessionID == server)
        #expect(packet.messageID == nil)
        #expect(packet.payload.isEmpty)
        #expect(packet.encodedPlaintextPart() == plaintext)
    }

    @Test func unwrappedLayout() throws {
        let packet = try ControlPacket(
            opcodeByte: OpcodeByte(.controlV1, KeyID(2)!), sessionID: client, acks: [MessageID(7)],
            remoteSessionID: server, messageID: MessageID(3), payload: [0x16, 0x03])
        let expected = hex(
            """
            22                  # opcode 4 (P_CONTROL_V1) << 3 | key id 2
            fc2725f11890b887    # own session id
            01                  # ack count
            00000007            # acked msg-id 7
            18d1ab057f3b0907    # remote session id
            00000003            # msg-id 3
            1603                # payload (TLS bytes)
            """)
        #expect(packet.encoded() == expected)
        #expect(try ControlPacket(decoding: expected) == packet)
    }

    @Test func invariantsAreChecked() {
        let op = OpcodeByte(.controlV1, .initial)
        let nine = (0..<9).map { MessageID(UInt32($0)) }
        #expect(throws: WireError.self) {
            try ControlPacket(
                opcodeByte: op, sessionID: client, acks: nine, remoteSessionID: server, messageID: MessageID(1))
        }
        #expect(throws: WireError.self) {
            try ControlPacket(opcodeByte: op, sessionID: client, acks: [MessageID(0)], messageID: MessageID(1))
        }
        #expect(throws: WireError.self) {
            try ControlPacket(opcodeByte: op, sessionID: client, remoteSessionID: server, messageID: MessageID(1))
        }
        #expect(throws: WireError.self) {
            try ControlPacket(opcodeByte: op, sessionID: client, messageID: nil)
        }
        #expect(throws: WireError.self) {
            try ControlPacket(opcodeByte: OpcodeByte(.ackV1, .initial), sessionID: client, messageID: MessageID(1))
        }
        for opcode in [Opcode.dataV1, .dataV2, .controlHardResetClientV1, .controlHardResetServerV1] {
            #expect(throws: WireError.self) {
                try ControlPacket(opcodeByte: OpcodeByte(opcode, .initial), sessionID: client, messageID: MessageID(0))
            }
        }
    }

    @Test func decodingRejectsMalformedPackets() {
        let cases: [(String, WireError.Code)] = [
            ("48 fc2725f11890b887 00 00000000", .invalidValue),  // P_DATA_V2 opcode
            ("08 fc2725f11890b887 00 00000000", .unsupportedOpcode),  // key-method 1 reset
            ("f8 fc2725f11890b887 00 00000000", .invalidValue),  // opcode 31 does not exist
            ("20 fc2725f11890b887 09", .tooLong),  // 9 acks
            ("20 fc2725f11890b887 01 00000000 18d1ab05", .truncated),  // short remote sid
            ("20 fc2725f11890b887 00 000000", .truncated),  // short msg-id
            ("20 fc2725f1", .truncated),  // short own sid
        ]
        for (text, code) in cases {
            let error = #expect(throws: WireError.self) { try ControlPacket(decoding: hex(text)) }
            #expect(error?.code == code, "\(text)")
        }
    }
}
