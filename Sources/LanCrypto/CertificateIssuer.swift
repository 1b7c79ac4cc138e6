// CertificateIssuer: makes the certificates of a lanstitch LAN — a self-signed CA, server
// certificates (serverAuth and clientAuth: servers also dial other servers) and client
// certificates (clientAuth only), all EC P-256 signed with SHA-256.
//
// Time is a parameter (`now`, Unix seconds); nothing here reads the clock. Serial numbers are
// 128 random bits with the top bit clear, so they are positive and never repeat in practice.

import COpenSSL

/// What a certificate is for; decides its X.509 extensions.
public enum CertificateRole: Sendable {
    case authority
    /// A lanstitch server: TLS server for its clients, TLS client towards its uplinks.
    case server
    case client

    /// (extension NID, value in OpenSSL's config syntax) pairs.
    var extensions: [(Int32, String)] {
        switch self {
        case .authority:
            return [
                (NID_basic_constraints, "critical,CA:TRUE"), (NID_key_usage, "critical,keyCertSign,cRLSign"),
                (NID_subject_key_identifier, "hash"),
            ]
        case .server:
            return [
                (NID_basic_constraints, "CA:FALSE"), (NID_key_usage, "critical,digitalSignature,keyAgreement"),
                (NID_ext_key_usage, "serverAuth,clientAuth"), (NID_subject_key_identifier, "hash"),
                (NID_authority_key_identifier, "keyid"),
            ]
        case .client:
            return [
                (NID_basic_constraints, "CA:FALSE"), (NID_key_usage, "critical,digitalSignature,keyAgreement"),
                (NID_ext_key_usage, "clientAuth"), (NID_subject_key_identifier, "hash"),
                (NID_authority_key_identifier, "keyid"),
            ]
        }
    }
}

/// Issues certificates.
public enum CertificateIssuer {
    /// A self-signed CA certificate for `key`.
    public static func authority(commonName: String, key: PrivateKey, now: Int64, days: Int) throws -> Certificate {
        try issue(
            commonName: commonName, role: .authority, subjectKey: key, issuer: nil, issuerKey: key, now: now, days: days
        )
    }

    /// A certificate for `subjectKey`, signed by the CA (`issuer`, `issuerKey`).
    public static func issue(
        commonName: String, role: CertificateRole, subjectKey: PrivateKey, issuer: Certificate?, issuerKey: PrivateKey,
        now: Int64, days: Int
    ) throws -> Certificate {
        let x509 = try require(X509_new(), "X509_new")
        let certificate = Certificate(owning: x509)
        try check(X509_set_version(x509, 2), "X509_set_version")
        try setRandomSerial(x509)
        var reference = time_t(now)
        _ = try require(
            X509_time_adj_ex(X509_getm_notBefore(x509), 0, -3600, &reference), "X509_time_adj_ex(notBefore)")
        _ = try require(
            X509_time_adj_ex(X509_getm_notAfter(x509), Int32(days), 0, &reference), "X509_time_adj_ex(notAfter)")
        let subject = try require(X509_get_subject_name(x509), "X509_get_subject_name")
        try check(
            X509_NAME_add_entry_by_txt(subject, "CN", MBSTRING_UTF8, commonName, -1, -1, 0),
            "X509_NAME_add_entry_by_txt")
        let issuerName = issuer.flatMap { X509_get_subject_name($0.x509) } ?? subject
        try check(X509_set_issuer_name(x509, issuerName), "X509_set_issuer_name")
        try check(X509_set_pubkey(x509, subjectKey.key), "X509_set_pubkey")
        var context = X509V3_CTX()
        lanstitch_x509v3_ctx_nodb(&context)
        X509V3_set_ctx(&context, issuer?.x509 ?? x509, x509, nil, nil, 0)
        for (nid, value) in role.extensions {
            let ext = try require(X509V3_EXT_conf_nid(nil, &context, nid, value), "X509V3_EXT_conf_nid(\(value))")
            defer { X509_EXTENSION_free(ext) }
            try check(X509_add_ext(x509, ext, -1), "X509_add_ext")
        }
        guard X509_sign(x509, issuerKey.key, EVP_sha256()) > 0 else { throw OpenSSLError("X509_sign") }
        return certificate
    }

    static func setRandomSerial(_ x509: OpaquePointer) throws {
        var bytes = [UInt8](repeating: 0, count: 16)
        try check(RAND_bytes(&bytes, Int32(bytes.count)), "RAND_bytes")
        bytes[0] &= 0x7F
        bytes[0] |= 0x40  // keep all 16 bytes significant
        let number = try require(BN_bin2bn(bytes, Int32(bytes.count), nil), "BN_bin2bn")
        defer { BN_free(number) }
        let serial = try require(BN_to_ASN1_INTEGER(number, nil), "BN_to_ASN1_INTEGER")
        defer { ASN1_INTEGER_free(serial) }
        try check(X509_set_serialNumber(x509, serial), "X509_set_serialNumber")
    }
}
