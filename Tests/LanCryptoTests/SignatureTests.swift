// ECDSA-SHA256 signatures: a signature made with a key verifies with its certificate, and not
// with another certificate, over other bytes, or when a byte of it is changed.

import Testing

@testable import LanCrypto

@Suite struct SignatureTests {
    @Test func aSignatureVerifiesOnlyWithItsOwnCertificateAndMessage() throws {
        let pki = try TestPKI()
        let (ownCertificate, ownKey) = try pki.issue("lanstitch-server-a", .server)
        let (otherCertificate, _) = try pki.issue("lanstitch-server-b", .server)
        let message = Array("lsa1 a 42\npeers b\nmembers \n".utf8)
        let signature = try ownKey.sign(message)
        #expect(ownCertificate.verifies(signature, of: message))
        #expect(!otherCertificate.verifies(signature, of: message))
        #expect(!ownCertificate.verifies(signature, of: message + [0x20]))
        var changed = signature
        changed[changed.count / 2] ^= 0x01
        #expect(!ownCertificate.verifies(changed, of: message))
        #expect(!ownCertificate.verifies([], of: message))
        #expect(!ownCertificate.verifies([0x30, 0x02, 0x01], of: message))
    }
}
