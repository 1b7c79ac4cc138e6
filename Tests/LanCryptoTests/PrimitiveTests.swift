// HMAC-SHA256 and AES-256-CTR against their published vectors (RFC 4231 test case 2,
// NIST SP 800-38A F.5.5), and the reusable contexts against the one-shot functions.

import LanCrypto
import Testing

@Suite struct PrimitiveTests {
    @Test func hmacSHA256MatchesRFC4231() throws {
        let key = Array("Jefe".utf8)
        let message = Array("what do ya want for nothing?".utf8)
        let expected = "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        #expect(hexString(try HMACSHA256.tag(key: key, message: message)) == expected)
        let context = try HMACSHA256(key: key)
        #expect(hexString(try context.tag(of: message)) == expected)
        #expect(hexString(try context.tag(of: Array(message[0..<5]), Array(message[5...]))) == expected)
        #expect(hexString(try context.tag(of: message)) == expected, "a reused context starts a fresh message")
    }

    @Test func aes256CTRMatchesSP800_38A() throws {
        let cipher = try AES256CTR(key: hex("603deb1015ca71be2b73aef0857d77811f352c073b6108d72d9810a30914dff4"))
        let iv = hex("f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff")
        let plaintext = hex("6bc1bee22e409f96e93d7e117393172a ae2d8a571e03ac9c9eb76fac45af8e51")
        let ciphertext = try cipher.apply(iv: iv, to: plaintext)
        #expect(hexString(ciphertext) == "601ec313775789a5b7a7f504bbf3d228f443e3ca4d62b59aca84e990cacaf5c5")
        #expect(try cipher.apply(iv: iv, to: ciphertext) == plaintext, "the same IV restarts the keystream")
        #expect(try cipher.apply(iv: iv, to: plaintext[0..<5]) == Array(ciphertext[0..<5]))
    }
}
