// tls-crypt against the lab capture of stock OpenVPN 2.6.14 (reference/openvpn-protocol.md
// Appendix A.1 key, A.2 packets): unwrap each packet in the right direction to the logged
// plaintext, and wrap that plaintext back to the exact captured bytes.

import LanCrypto
import LanTestKit
import Testing

/// Appendix A.1: the lab's tls-crypt key.
let labTLSCryptKeyText = LabVectors.tlsCryptKey

/// One captured packet: who sent it, the whole UDP payload, and the logged plaintext.
struct CapturedControlPacket: Sendable, CustomTestStringConvertible {
    let name: String
    let sender: EndpointRole
    let packet: [UInt8]
    let plaintext: [UInt8]
    var testDescription: String { name }
}

/// Appendix A.2.
let capturedControlPackets = [
    CapturedControlPacket(
        name: "C→S HARD_RESET_CLIENT_V2", sender: .client,
        packet: hex(
            "38fc2725f11890b887000000016b025963861365d88885f5205aa727319a7e31f2bee0b150f1c9a8ace6fb0d5272bc3afb1fb8f8373b"
        ),
        plaintext: hex("00 00000000")),
    CapturedControlPacket(
        name: "S→C HARD_RESET_SERVER_V2", sender: .server,
        packet: hex(
            "4018d1ab057f3b0907000000016b02596318d4b3e340a741bc0feed0dff3329ccdae8b1c464696ef1e4831147c18a8d9c95d8323"
                + "243f60c43871460b8d306442300e"),
        plaintext: hex("01 00000000 fc2725f11890b887 00000000")),
    CapturedControlPacket(
        name: "C→S ACK_V1", sender: .client,
        packet: hex(
            "28fc2725f11890b887000000036b025963189b57d831b8c9089bf440afcbf44015c7ac474f925cf9c1ac2aefc6ba19733e6e3153"
                + "73bce98c049259a6340af130afdb"),
        plaintext: hex("02 00000001 00000000 18d1ab057f3b0907")),
]

@Suite struct TLSCryptTests {
    let key: StaticKey
    init() throws { key = try StaticKey(text: labTLSCryptKeyText) }

    @Test func keysAreCutByRoleAsTheServerLogged() throws {
        let server = TLSCryptKeys(staticKey: key, role: .server)
        let client = TLSCryptKeys(staticKey: key, role: .client)
        #expect(hexString(server.sendCipherKey).hasPrefix("bee7772c"))
        #expect(hexString(server.sendHMACKey).hasPrefix("797138f7"))
        #expect(server.sendCipherKey == client.receiveCipherKey)
        #expect(server.sendHMACKey == client.receiveHMACKey)
        #expect(client.sendCipherKey == Array(key.bytes[128..<160]))
        #expect(client.sendHMACKey == Array(key.bytes[192..<224]))
        #expect(server.receiveCipherKey == client.sendCipherKey)
    }

    @Test(arguments: capturedControlPackets)
    func unwrapsTheCapturedPacketToTheLoggedPlaintext(_ captured: CapturedControlPacket) throws {
        let receiver = try TLSCrypt(staticKey: key, role: captured.sender.peer)
        let plaintext = try receiver.unwrap(
            header17: captured.packet[0..<17], tagAndCiphertext: captured.packet[17...])
        #expect(hexString(plaintext) == hexString(captured.plaintext))
        #expect(captured.packet.count == 17 + TLSCrypt.tagLength + plaintext.count)
    }

    @Test(arguments: capturedControlPackets)
    func wrapsTheLoggedPlaintextToTheCapturedBytes(_ captured: CapturedControlPacket) throws {
        let sender = try TLSCrypt(staticKey: key, role: captured.sender)
        let wrapped = try sender.wrap(header17: captured.packet[0..<17], plaintext: captured.plaintext)
        #expect(hexString(captured.packet[0..<17] + wrapped) == hexString(captured.packet))
    }

    @Test(arguments: capturedControlPackets)
    func theWrongDirectionAndEveryFlippedBitAreRefused(_ captured: CapturedControlPacket) throws {
        let wrongDirection = try TLSCrypt(staticKey: key, role: captured.sender)
        #expect(throws: TLSCryptError.authenticationFailed) {
            try wrongDirection.unwrap(header17: captured.packet[0..<17], tagAndCiphertext: captured.packet[17...])
        }
        let receiver = try TLSCrypt(staticKey: key, role: captured.sender.peer)
        for index in captured.packet.indices {
            var corrupted = captured.packet
            corrupted[index] ^= 0x01
            #expect(throws: TLSCryptError.authenticationFailed) {
                try receiver.unwrap(header17: corrupted[0..<17], tagAndCiphertext: corrupted[17...])
            }
        }
    }

    @Test func shortPacketsAreRefusedBeforeAnyCrypto() throws {
        let receiver = try TLSCrypt(staticKey: key, role: .server)
        #expect(throws: TLSCryptError.missingTag(31)) {
            try receiver.unwrap(
                header17: [UInt8](repeating: 0, count: 17), tagAndCiphertext: [UInt8](repeating: 0, count: 31))
        }
        #expect(throws: TLSCryptError.headerLength(16)) {
            try receiver.wrap(header17: [UInt8](repeating: 0, count: 16), plaintext: [1])
        }
    }

    @Test func randomKeysRoundTripBetweenServerAndClient() throws {
        let random = try StaticKey.generate()
        let server = try TLSCrypt(staticKey: random, role: .server)
        let client = try TLSCrypt(staticKey: random, role: .client)
        let header = [UInt8](0..<17)
        for length in [0, 1, 15, 16, 17, 1140] {
            let plaintext = (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 7) }
            let toClient = try server.wrap(header17: header, plaintext: plaintext)
            #expect(try client.unwrap(header17: header, tagAndCiphertext: toClient) == plaintext)
            let toServer = try client.wrap(header17: header, plaintext: plaintext)
            #expect(try server.unwrap(header17: header, tagAndCiphertext: toServer) == plaintext)
        }
    }
}
