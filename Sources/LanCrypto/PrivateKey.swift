// PrivateKey: an EC P-256 private key (EVP_PKEY), generated or read from PEM, written as
// PKCS#8 PEM ("BEGIN PRIVATE KEY"), which OpenVPN and OpenSSL tools read.

import COpenSSL

/// An owned private key.
public final class PrivateKey: @unchecked Sendable {
    // Sendable: the key is immutable after creation; OpenSSL allows concurrent read use.
    let key: OpaquePointer

    init(owning key: OpaquePointer) { self.key = key }

    deinit { EVP_PKEY_free(key) }

    /// A new random EC P-256 key.
    public static func generateP256() throws -> PrivateKey {
        PrivateKey(owning: try require(lanstitch_generate_p256(), "EVP_EC_gen(P-256)"))
    }

    /// Reads a PEM private key (PKCS#8 or traditional).
    public convenience init(pem: String) throws {
        let bio = try MemoryBIO(text: pem)
        self.init(owning: try require(PEM_read_bio_PrivateKey(bio.bio, nil, nil, nil), "PEM_read_bio_PrivateKey"))
    }

    /// The key as unencrypted PKCS#8 PEM text. Store it with mode 0600.
    public func pem() throws -> String {
        let bio = try MemoryBIO()
        try check(PEM_write_bio_PrivateKey(bio.bio, key, nil, nil, 0, nil, nil), "PEM_write_bio_PrivateKey")
        return bio.text()
    }
}
