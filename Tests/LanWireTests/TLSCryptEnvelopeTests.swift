// Tests of the tls-crypt framing (reference §3.4) on the captured packets of Appendix A.2: the
// envelope splits them, LanCrypto's TLSCrypt opens them with the A.1 key, the plaintext part
// parses to the logged fields, and re-wrapping our encoding gives back the captured bytes.

import LanCrypto
import LanTestKit
import LanWire
import Testing

@Suite struct TLSCryptEnvelopeTests {
    /// A.1: the lab's throw-away tls-crypt key.
    static let key = LabVectors.tlsCryptKey

    /// A.2 #1: C→S HARD_RESET_CLIENT_V2, 54 bytes.
    static let clientReset = hex(
        """
        38                                                                  # op 7 << 3 | key 0
        fc2725f11890b887                                                    # own sid (client)
        00000001                                                            # replay id 1
        6b025963                                                            # replay time
        861365d88885f5205aa727319a7e31f2bee0b150f1c9a8ace6fb0d5272bc3afb    # tag
        1fb8f8373b                                                          # ciphertext (5 bytes)
        """)

    /// A.2 #2: S→C HARD_RESET_SERVER_V2, 66 bytes.
    static let serverReset = hex(
        """
        40                                                                  # op 8 << 3 | key 0
        18d1ab057f3b0907                                                    # own sid (server)
        00000001                                                            # replay id 1
        6b025963                                                            # replay time
        18d4b3e340a741bc0feed0dff3329ccdae8b1c464696ef1e4831147c18a8d9c9    # tag
        5d8323243f60c43871460b8d306442300e                                  # ciphertext (17 bytes)
        """)

    /// A.2 #3: C→S ACK_V1, 66 bytes, replay id 3.
    static let clientAck = hex(
        """
        28                                                                  # op 5 << 3 | key 0
        fc2725f11890b887                                                    # own sid (client)
        00000003                                                            # replay id 3
        6b025963                                                            # replay time
        189b57d831b8c9089bf440afcbf44015c7ac474f925cf9c1ac2aefc6ba19733e    # tag
        6e315373bce98c049259a6340af130afdb                                  # ciphertext (17 bytes)
        """)

    func open(_ packet: [UInt8], as role: EndpointRole) throws -> (TLSCryptEnvelope, ControlPacket) {
        let envelope = try TLSCryptEnvelope(decoding: packet)
        let crypt = try TLSCrypt(staticKey: StaticKey(text: Self.key), role: role)
        let plaintext = try crypt.unwrap(
            header17: envelope.authenticatedHeader, tagAndCiphertext: envelope.tagAndCiphertext)
        return (envelope, try ControlPacket(header: envelope.header, plaintextPart: plaintext))
    }

    @Test func splitsTheCapturedClientReset() throws {
        let envelope = try TLSCryptEnvelope(decoding: Self.clientReset)
        #expect(envelope.header.opcodeByte == OpcodeByte(.controlHardResetClientV2, .initial))
        #expect(envelope.header.sessionID == SessionID(0xFC27_25F1_1890_B887))
        #expect(envelope.replayID == PacketID(id: 1, time: 0x6B02_5963))
        #expect(envelope.tagAndCiphertext.count == 32 + 5)
        #expect(envelope.authenticatedHeader == Array(Self.clientReset.prefix(17)))
        #expect(envelope.encoded() == Self.clientReset)
    }

    @Test func opensAndRewrapsTheCapturedPackets() throws {
        let cases: [([UInt8], EndpointRole, EndpointRole)] = [
            (Self.clientReset, .server, .client), (Self.serverReset, .client, .server),
            (Self.clientAck, .server, .client),
        ]
        for (packet, receiver, sender) in cases {
            let (envelope, control) = try open(packet, as: receiver)
            let crypt = try TLSCrypt(staticKey: StaticKey(text: Self.key), role: sender)
            let wrapped = try crypt.wrap(
                header17: TLSCryptEnvelope.authenticatedHeader(control.header, replayID: envelope.replayID),
                plaintext: control.encodedPlaintextPart())
            #expect(
                TLSCryptEnvelope.authenticatedHeader(control.header, replayID: envelope.replayID) + wrapped == packet)
        }
    }

    @Test func capturedFieldsMatchTheLog() throws {
        let (_, reset) = try open(Self.serverReset, as: .client)
        #expect(reset.acks == [MessageID(0)])
        #expect(reset.remoteSessionID == SessionID(0xFC27_25F1_1890_B887))
        #expect(reset.messageID == MessageID(0))
        #expect(try EarlyNegotiationTLV.decode(reset.payload).isEmpty)
        let (envelope, ack) = try open(Self.clientAck, as: .server)
        #expect(envelope.replayID.id == 3)
        #expect(ack.acks == [MessageID(1), MessageID(0)])
        #expect(ack.messageID == nil)
    }

    @Test func refusesShortPackets() {
        for count in [0, 9, 16, 17, 48] {
            #expect(throws: WireError.self, "\(count)") {
                try TLSCryptEnvelope(decoding: Array(Self.clientReset.prefix(count)))
            }
        }
        #expect((try? TLSCryptEnvelope(decoding: Array(Self.clientReset.prefix(49)))) != nil)
    }

    @Test func earlyNegotiationTLVs() throws {
        let payload = hex(
            """
            0001 0002 0001      # EARLY_NEG_FLAGS, len 2, RESEND_WKC
            7777 0003 aabbcc    # unknown type, skipped by 2.6 but kept here
            """)
        let tlvs = try EarlyNegotiationTLV.decode(payload)
        #expect(tlvs.count == 2)
        #expect(tlvs[0].flags == EarlyNegotiationTLV.resendWKC)
        #expect(tlvs[1].flags == nil)
        #expect(EarlyNegotiationTLV.encode([.flags(EarlyNegotiationTLV.resendWKC), tlvs[1]]) == payload)
        #expect(throws: WireError.self) { try EarlyNegotiationTLV.decode(hex("0001 0002 00")) }
        #expect(throws: WireError.self) { try EarlyNegotiationTLV.decode(hex("00")) }
    }
}
