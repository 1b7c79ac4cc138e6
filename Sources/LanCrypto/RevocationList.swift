// RevocationList: an X.509 CRL signed by the LAN's CA, listing revoked certificate serials.
// OpenVPN's `crl-verify` refuses every client once a CRL's nextUpdate has passed, so lanstitch
// writes CRLs valid as long as its certificates (`days`) and rewrites them on every change.

import COpenSSL

/// A revoked certificate: its serial (hex) and when it was revoked (Unix seconds).
public struct Revocation: Codable, Equatable, Sendable {
    public var serialHex: String
    public var revokedAt: Int64

    public init(serialHex: String, revokedAt: Int64) {
        self.serialHex = serialHex
        self.revokedAt = revokedAt
    }
}

/// Builds CRLs.
public enum RevocationList {
    /// A PEM CRL issued by (`authority`, `key`) at `now`, valid for `days`, listing `revoked`.
    public static func pem(
        authority: Certificate, key: PrivateKey, revoked: [Revocation], now: Int64, days: Int
    ) throws -> String {
        let crl = try require(X509_CRL_new(), "X509_CRL_new")
        defer { X509_CRL_free(crl) }
        try check(X509_CRL_set_version(crl, 1), "X509_CRL_set_version")
        try check(X509_CRL_set_issuer_name(crl, X509_get_subject_name(authority.x509)), "X509_CRL_set_issuer_name")
        let thisUpdate = try require(ASN1_TIME_adj(nil, time_t(now), 0, 0), "ASN1_TIME_adj")
        defer { ASN1_STRING_free(thisUpdate) }
        let nextUpdate = try require(ASN1_TIME_adj(nil, time_t(now), Int32(days), 0), "ASN1_TIME_adj")
        defer { ASN1_STRING_free(nextUpdate) }
        try check(X509_CRL_set1_lastUpdate(crl, thisUpdate), "X509_CRL_set1_lastUpdate")
        try check(X509_CRL_set1_nextUpdate(crl, nextUpdate), "X509_CRL_set1_nextUpdate")
        for revocation in revoked {
            try add(revocation, to: crl)
        }
        try check(X509_CRL_sort(crl), "X509_CRL_sort")
        guard X509_CRL_sign(crl, key.key, EVP_sha256()) > 0 else { throw OpenSSLError("X509_CRL_sign") }
        let bio = try MemoryBIO()
        try check(PEM_write_bio_X509_CRL(bio.bio, crl), "PEM_write_bio_X509_CRL")
        return bio.text()
    }

    static func add(_ revocation: Revocation, to crl: OpaquePointer) throws {
        var number: OpaquePointer?
        guard BN_hex2bn(&number, revocation.serialHex) > 0, let number else {
            throw OpenSSLError("BN_hex2bn(\(revocation.serialHex))")
        }
        defer { BN_free(number) }
        let serial = try require(BN_to_ASN1_INTEGER(number, nil), "BN_to_ASN1_INTEGER")
        defer { ASN1_INTEGER_free(serial) }
        let date = try require(ASN1_TIME_adj(nil, time_t(revocation.revokedAt), 0, 0), "ASN1_TIME_adj")
        defer { ASN1_STRING_free(date) }
        let entry = try require(X509_REVOKED_new(), "X509_REVOKED_new")
        guard X509_REVOKED_set_serialNumber(entry, serial) == 1, X509_REVOKED_set_revocationDate(entry, date) == 1,
            X509_CRL_add0_revoked(crl, entry) == 1
        else {
            X509_REVOKED_free(entry)
            throw OpenSSLError("X509_CRL_add0_revoked")
        }
    }
}
