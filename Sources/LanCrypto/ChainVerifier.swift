// ChainVerifier: checks a peer certificate against the LAN's CA and CRL with OpenSSL's own
// verifier (X509_verify_cert), as the daemon and stock OpenVPN do. Used by tests now and by
// the tunnel's TLS layer later.

import COpenSSL

/// Verifies certificates against one CA and, optionally, its CRL.
public enum ChainVerifier {
    /// Nil when `certificate` chains to `authority` and is not revoked by `crlPEM`; otherwise
    /// OpenSSL's reason (e.g. "certificate revoked", "unable to get local issuer certificate").
    public static func problem(with certificate: Certificate, authority: Certificate, crlPEM: String?, now: Int64)
        throws
        -> String?
    {
        let store = try require(X509_STORE_new(), "X509_STORE_new")
        defer { X509_STORE_free(store) }
        try check(X509_STORE_add_cert(store, authority.x509), "X509_STORE_add_cert")
        if let crlPEM {
            let bio = try MemoryBIO(text: crlPEM)
            let crl = try require(PEM_read_bio_X509_CRL(bio.bio, nil, nil, nil), "PEM_read_bio_X509_CRL")
            defer { X509_CRL_free(crl) }
            try check(X509_STORE_add_crl(store, crl), "X509_STORE_add_crl")
            try check(X509_STORE_set_flags(store, UInt(X509_V_FLAG_CRL_CHECK)), "X509_STORE_set_flags")
        }
        let context = try require(X509_STORE_CTX_new(), "X509_STORE_CTX_new")
        defer { X509_STORE_CTX_free(context) }
        try check(X509_STORE_CTX_init(context, store, certificate.x509, nil), "X509_STORE_CTX_init")
        X509_STORE_CTX_set_time(context, 0, time_t(now))
        if X509_verify_cert(context) == 1 { return nil }
        let code = X509_STORE_CTX_get_error(context)
        return String(cString: X509_verify_cert_error_string(Int(code)))
    }
}
