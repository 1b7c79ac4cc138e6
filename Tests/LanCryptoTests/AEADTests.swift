// The data channel against the lab capture (reference/openvpn-protocol.md Appendix A.3): both
// P_DATA_V2 pings open to the ping payload and seal back to the identical bytes; then every
// cipher round-trips 10,000 packets through one pair of reused contexts.

import LanCrypto
import Testing

/// The 16-byte OpenVPN ping payload (§9.3).
let pingPayload = hex("2a187bf3641eb4cb07ed2d0a981fc748")

/// One captured P_DATA_V2 packet and the key it was sealed with.
struct CapturedDataPacket: Sendable, CustomTestStringConvertible {
    let name: String
    let key: [UInt8]
    let implicitIV: [UInt8]
    let packet: [UInt8]
    var testDescription: String { name }
}

/// Appendix A.3.
let capturedPings = [
    CapturedDataPacket(
        name: "C→S ping", key: hex("e29342dc30c9a3b603e47f6095b60ccc31bcf81e8c9902526f661992cdce9c1a"),
        implicitIV: hex("6512eb0ce1c5906a"),
        packet: hex("4800000000000001b290c35062074b28d2f810c6abbf62cb7cb4871e74a94700df67c8d4ffa2548e")),
    CapturedDataPacket(
        name: "S→C ping", key: hex("19a914f6582fbb6845bc56e12670c5640d02389beb1c1fd02c44dfdbcdc0bce5"),
        implicitIV: hex("d475fe4e713db105"),
        packet: hex("4800000000000001ecd3e0e81f53f2cbc1211f50f99daa460ebf2d9cd0fe3a13ab749bb38b1aec20")),
]

/// Splits a P_DATA_V2 buffer into AAD (0..<8), tag (8..<24) and payload (24...).
func withDataV2Regions<R>(
    _ packet: inout [UInt8],
    _ body: (UnsafeRawBufferPointer, UnsafeMutableRawBufferPointer, UnsafeMutableRawBufferPointer) throws -> R
) rethrows -> R {
    try packet.withUnsafeMutableBytes { buffer in
        try body(
            UnsafeRawBufferPointer(rebasing: buffer[0..<8]), UnsafeMutableRawBufferPointer(rebasing: buffer[8..<24]),
            UnsafeMutableRawBufferPointer(rebasing: buffer[24...]))
    }
}

@Suite struct AEADTests {
    @Test(arguments: capturedPings)
    func capturedPingOpensToThePingPayload(_ captured: CapturedDataPacket) throws {
        let opener = try AEADContext(
            cipher: .aes256GCM, key: captured.key, implicitIV: captured.implicitIV, direction: .open)
        var packet = captured.packet
        let authentic = try withDataV2Regions(&packet) { aad, tag, payload in
            try opener.open(packetID: 1, aad: aad, payload: payload, tag: UnsafeRawBufferPointer(tag))
        }
        #expect(authentic)
        #expect(hexString(packet[24...]) == hexString(pingPayload))
    }

    @Test(arguments: capturedPings)
    func pingPayloadSealsToTheCapturedBytes(_ captured: CapturedDataPacket) throws {
        let sealer = try AEADContext(
            cipher: .aes256GCM, key: captured.key, implicitIV: captured.implicitIV, direction: .seal)
        var packet = Array(captured.packet[0..<8]) + [UInt8](repeating: 0, count: 16) + pingPayload
        try withDataV2Regions(&packet) { aad, tag, payload in
            try sealer.seal(packetID: 1, aad: aad, payload: payload, tag: tag)
        }
        #expect(hexString(packet) == hexString(captured.packet))
    }

    @Test(arguments: capturedPings)
    func aWrongPacketIDOrAnyFlippedBitFailsToOpen(_ captured: CapturedDataPacket) throws {
        let opener = try AEADContext(
            cipher: .aes256GCM, key: captured.key, implicitIV: captured.implicitIV, direction: .open)
        var packet = captured.packet
        #expect(
            try !withDataV2Regions(&packet) { aad, tag, payload in
                try opener.open(packetID: 2, aad: aad, payload: payload, tag: UnsafeRawBufferPointer(tag))
            })
        for index in captured.packet.indices {
            var corrupted = captured.packet
            corrupted[index] ^= 0x80
            #expect(
                try !withDataV2Regions(&corrupted) { aad, tag, payload in
                    try opener.open(packetID: 1, aad: aad, payload: payload, tag: UnsafeRawBufferPointer(tag))
                })
        }
    }

    @Test(arguments: AEADCipher.allCases)
    func tenThousandPacketsRoundTripThroughReusedContexts(_ cipher: AEADCipher) throws {
        let key = (0..<cipher.keyLength).map { UInt8(truncatingIfNeeded: $0 &* 13 &+ 1) }
        let iv = hex("0102030405060708")
        let sealer = try AEADContext(cipher: cipher, key: key, implicitIV: iv, direction: .seal)
        let opener = try AEADContext(cipher: cipher, key: key, implicitIV: iv, direction: .open)
        let original = (0..<(24 + 1400)).map { UInt8(truncatingIfNeeded: $0) }
        var packet = original
        var failures = 0
        for packetID in UInt32(1)...10_000 {
            let opened = try withDataV2Regions(&packet) { aad, tag, payload in
                try sealer.seal(packetID: packetID, aad: aad, payload: payload, tag: tag)
                return try opener.open(packetID: packetID, aad: aad, payload: payload, tag: UnsafeRawBufferPointer(tag))
            }
            if !opened || packet[24...] != original[24...] { failures += 1 }
        }
        #expect(failures == 0)
        var sealedTwice = original
        var other = original
        try withDataV2Regions(&sealedTwice) { try sealer.seal(packetID: 7, aad: $0, payload: $2, tag: $1) }
        try withDataV2Regions(&other) { try sealer.seal(packetID: 8, aad: $0, payload: $2, tag: $1) }
        #expect(sealedTwice[24...] != other[24...], "each packet id gives a fresh nonce")
    }

    @Test func keysOfTheWrongLengthAreRefused() throws {
        #expect(throws: AEADError.keyLength(cipher: "AES-128-GCM", expected: 16, actual: 32)) {
            try AEADContext(
                cipher: .aes128GCM, key: [UInt8](repeating: 1, count: 32), implicitIV: [UInt8](repeating: 0, count: 8),
                direction: .seal)
        }
        #expect(throws: AEADError.implicitIVLength(12)) {
            try AEADContext(
                cipher: .aes256GCM, key: [UInt8](repeating: 1, count: 32), implicitIV: [UInt8](repeating: 0, count: 12),
                direction: .open)
        }
    }
}
