// TLS engines fed what a hostile or broken network delivers: garbage instead of a handshake,
// a corrupted record after it; and the whole key path from a real handshake to data packets.

import LanCrypto
import Testing

@Suite struct TLSHostileInputTests {
    @Test func garbageInsteadOfAClientHelloFailsTheHandshake() throws {
        let lab = try TLSLab()
        let server = try TLSContext(lab.server()).makeSession()
        try server.consumeFromNetwork([UInt8](repeating: 0x47, count: 64))
        let status = server.doHandshake()
        #expect(failure(status).contains("SSL_do_handshake failed"), "\(status)")
    }

    @Test func aCorruptedRecordIsRefusedNotDelivered() throws {
        let lab = try TLSLab()
        let pair = try TLSPair(client: lab.client(), server: lab.server())
        #expect(try pair.handshake() == (.complete, .complete))
        try pair.client.write(Array("PUSH_REQUEST\0".utf8))
        var record = pair.client.dataForNetwork()
        record[record.count - 3] ^= 0x01
        try pair.server.consumeFromNetwork(record)
        #expect(throws: TLSError.self) { _ = try pair.server.readRecord() }
    }

    @Test func oversizedAndEmptyWritesAreRefused() throws {
        let lab = try TLSLab()
        let pair = try TLSPair(client: lab.client(), server: lab.server())
        #expect(try pair.handshake() == (.complete, .complete))
        #expect(throws: TLSError.self) { try pair.client.write([UInt8]()) }
        #expect(throws: TLSError.self) { try pair.client.write([UInt8](repeating: 1, count: 16_385)) }
    }

    @Test(arguments: AEADCipher.allCases)
    func exportedKeysCarryDataPacketsBothWays(_ cipher: AEADCipher) throws {
        let lab = try TLSLab()
        let pair = try TLSPair(client: lab.client(), server: lab.server())
        #expect(try pair.handshake() == (.complete, .complete))
        let label = "EXPORTER-OpenVPN-datakeys"
        let client = try DataChannelKeys(
            material: pair.client.exportKeyingMaterial(label: label, length: 256), cipher: cipher, role: .client)
        let server = try DataChannelKeys(
            material: pair.server.exportKeyingMaterial(label: label, length: 256), cipher: cipher, role: .server)
        for (sender, receiver) in [(client, server), (server, client)] {
            let sealer = try sender.makeSealer()
            let opener = try receiver.makeOpener()
            for packetID in UInt32(1)...3 {
                var packet =
                    hex("48000007") + [0, 0, 0, UInt8(packetID)] + [UInt8](repeating: 0, count: 16) + pingPayload
                let opened = try withDataV2Regions(&packet) { aad, tag, payload in
                    try sealer.seal(packetID: packetID, aad: aad, payload: payload, tag: tag)
                    #expect(Array(payload) != pingPayload)
                    return try opener.open(
                        packetID: packetID, aad: aad, payload: payload, tag: UnsafeRawBufferPointer(tag))
                }
                #expect(opened && Array(packet[24...]) == pingPayload)
            }
        }
    }
}
