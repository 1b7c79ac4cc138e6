// Data-channel key material: the legacy OpenVPN PRF against the lab run of Appendix A.4, and
// the §7.1 split of the 256 bytes into each end's keys and implicit IVs.

import LanCrypto
import Testing

@Suite struct KeyDerivationTests {
    /// Appendix A.4 inputs and the key material they give.
    func labMaterial() throws -> [UInt8] {
        try OpenVPNPRF.keyMaterial(
            clientPreMaster: hex(
                "26d9b5892e714ecc455d7538ab7e816132f0353f798e7cb5373220fa0929115da0909f1fff4abf21733754d734a54b1d"),
            clientRandom1: hex("3dc431d5d3bec39edebecd666c0d70b5e219aee0177f791f0209df79b295a8cf"),
            clientRandom2: hex("a12b328bc4ede9a399cca7d09907a8a375677b197dfa5d9b2e9cd9c4e762859e"),
            serverRandom1: hex("d2d9f03bda5c6a8043c628cf07598712645651a992522580fe2b28b0f6058188"),
            serverRandom2: hex("29c683e93176296133266754655530723e5d92ac91c8ec89a31985c5bfb6d908"),
            clientSessionID: hex("2c70e7798f2d4ced"), serverSessionID: hex("99e10e141d461bf8"))
    }

    @Test func legacyPRFGivesTheLabKeys() throws {
        let material = try labMaterial()
        #expect(material.count == 256)
        #expect(
            hexString(material[0..<32]) == "696e2cc341671b12cea7a5e9ffbbb24e103a4e0e2884a749c279b884b7e37347")
        #expect(hexString(material[64..<72]) == "4afde0e94d82667f")
        #expect(
            hexString(material[128..<160]) == "bb3a584c28d65ce6d1c54d1e6c912d949d59abc03bd274f37c485d39c39acc02")
        #expect(hexString(material[192..<200]) == "a514bcf72cd89fa6")
    }

    @Test func theClientEncryptsWithKeyZeroAndTheServerWithKeyOne() throws {
        let material = try labMaterial()
        let client = try DataChannelKeys(material: material, cipher: .aes256GCM, role: .client)
        let server = try DataChannelKeys(material: material, cipher: .aes256GCM, role: .server)
        #expect(hexString(client.encryptKey) == "696e2cc341671b12cea7a5e9ffbbb24e103a4e0e2884a749c279b884b7e37347")
        #expect(hexString(client.encryptImplicitIV) == "4afde0e94d82667f")
        #expect(hexString(client.decryptKey) == "bb3a584c28d65ce6d1c54d1e6c912d949d59abc03bd274f37c485d39c39acc02")
        #expect(hexString(client.decryptImplicitIV) == "a514bcf72cd89fa6")
        #expect(server.encryptKey == client.decryptKey && server.decryptKey == client.encryptKey)
        #expect(server.encryptImplicitIV == client.decryptImplicitIV)
        let aes128 = try DataChannelKeys(material: material, cipher: .aes128GCM, role: .client)
        #expect(aes128.encryptKey == Array(material[0..<16]))
    }

    @Test(arguments: AEADCipher.allCases)
    func derivedKeysCarryPacketsBothWays(_ cipher: AEADCipher) throws {
        let material = try labMaterial()
        let client = try DataChannelKeys(material: material, cipher: cipher, role: .client)
        let server = try DataChannelKeys(material: material, cipher: cipher, role: .server)
        for (sender, receiver) in [(client, server), (server, client)] {
            var packet = hex("4800000000000001") + [UInt8](repeating: 0, count: 16) + pingPayload
            let sealer = try sender.makeSealer()
            let opener = try receiver.makeOpener()
            let opened = try withDataV2Regions(&packet) { aad, tag, payload in
                try sealer.seal(packetID: 1, aad: aad, payload: payload, tag: tag)
                return try opener.open(packetID: 1, aad: aad, payload: payload, tag: UnsafeRawBufferPointer(tag))
            }
            #expect(opened && Array(packet[24...]) == pingPayload)
        }
    }

    @Test func zeroCipherKeysAndWrongLengthsAreRefused() throws {
        var material = try labMaterial()
        for index in 128..<160 { material[index] = 0 }
        #expect(throws: DataChannelKeyError.zeroCipherKey) {
            try DataChannelKeys(material: material, cipher: .aes256GCM, role: .client)
        }
        #expect(throws: DataChannelKeyError.materialLength(255)) {
            try DataChannelKeys(material: material.dropLast(), cipher: .aes256GCM, role: .server)
        }
        #expect(throws: OpenVPNPRFInputError.self) {
            try OpenVPNPRF.keyMaterial(
                clientPreMaster: [1], clientRandom1: [], clientRandom2: [], serverRandom1: [], serverRandom2: [],
                clientSessionID: [], serverSessionID: [])
        }
    }
}
