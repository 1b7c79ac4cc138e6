// Certificate: an X.509 certificate (X509*) read from or written as PEM, with the few facts
// lanstitch reads back: common name, serial number, validity end, and whether it is a CA.

import COpenSSL

/// An owned X.509 certificate.
public final class Certificate: @unchecked Sendable {
    // Sendable: never mutated after creation.
    let x509: OpaquePointer

    init(owning x509: OpaquePointer) { self.x509 = x509 }

    deinit { X509_free(x509) }

    /// Reads the first certificate of PEM text.
    public convenience init(pem: String) throws {
        let bio = try MemoryBIO(text: pem)
        self.init(owning: try require(PEM_read_bio_X509(bio.bio, nil, nil, nil), "PEM_read_bio_X509"))
    }

    public func pem() throws -> String {
        let bio = try MemoryBIO()
        try check(PEM_write_bio_X509(bio.bio, x509), "PEM_write_bio_X509")
        return bio.text()
    }

    /// The subject's common name (CN), or "" if it has none.
    public var commonName: String {
        guard let name = X509_get_subject_name(x509) else { return "" }
        var buffer = [CChar](repeating: 0, count: 256)
        let length = X509_NAME_get_text_by_NID(name, NID_commonName, &buffer, Int32(buffer.count))
        guard length > 0 else { return "" }
        return String(decoding: buffer.prefix(Int(length)).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// The serial number as upper-case hex, as `openssl x509 -serial` and CRL listings print it.
    public var serialHex: String {
        guard let serial = X509_get_serialNumber(x509), let number = ASN1_INTEGER_to_BN(serial, nil) else { return "" }
        defer { BN_free(number) }
        guard let hex = BN_bn2hex(number) else { return "" }
        defer { CRYPTO_free(hex, #fileID, #line) }
        return String(cString: hex)
    }

    /// Seconds from `now` (Unix time) until the certificate expires; negative once expired.
    public func secondsUntilExpiry(now: Int64) -> Int64 {
        var days: Int32 = 0
        var seconds: Int32 = 0
        guard let moment = ASN1_TIME_adj(nil, time_t(now), 0, 0) else { return 0 }
        defer { ASN1_STRING_free(moment) }
        guard ASN1_TIME_diff(&days, &seconds, moment, X509_get0_notAfter(x509)) == 1 else { return 0 }
        return Int64(days) * 86_400 + Int64(seconds)
    }

    /// True when the certificate's public key matches `key`.
    public func matches(_ key: PrivateKey) -> Bool {
        X509_check_private_key(x509, key.key) == 1
    }
}
