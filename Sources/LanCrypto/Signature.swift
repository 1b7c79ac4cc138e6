// Signature: ECDSA with SHA-256 over bytes in memory — a server signs what it originates (its
// link-state advertisements) with its certificate's key, and any other server checks it with
// the certificate (EVP_DigestSign / EVP_DigestVerify).

import COpenSSL

extension PrivateKey {
    /// The DER-encoded ECDSA-SHA256 signature of `message`.
    public func sign(_ message: [UInt8]) throws -> [UInt8] {
        guard let context = EVP_MD_CTX_new() else { throw OpenSSLError("EVP_MD_CTX_new") }
        defer { EVP_MD_CTX_free(context) }
        try check(EVP_DigestSignInit(context, nil, EVP_sha256(), nil, key), "EVP_DigestSignInit")
        var length = 0
        try check(EVP_DigestSign(context, nil, &length, message, message.count), "EVP_DigestSign(length)")
        var signature = [UInt8](repeating: 0, count: length)
        try check(EVP_DigestSign(context, &signature, &length, message, message.count), "EVP_DigestSign")
        return Array(signature.prefix(length))
    }
}

extension Certificate {
    /// True when `signature` is this certificate's key's ECDSA-SHA256 signature of `message`.
    /// Anything malformed is false (and leaves no error on OpenSSL's queue).
    public func verifies(_ signature: [UInt8], of message: [UInt8]) -> Bool {
        defer { ERR_clear_error() }
        guard let publicKey = X509_get0_pubkey(x509), let context = EVP_MD_CTX_new() else { return false }
        defer { EVP_MD_CTX_free(context) }
        guard EVP_DigestVerifyInit(context, nil, EVP_sha256(), nil, publicKey) == 1 else { return false }
        return EVP_DigestVerify(context, signature, signature.count, message, message.count) == 1
    }
}
