// TLSVerification: the peer-certificate policy of one TLS session, run inside OpenSSL's verify
// callback. OpenSSL checks the chain to our CA, validity, the CRL and the TLS purpose; this adds
// what OpenVPN's `remote-cert-tls` and `verify-x509-name … name-prefix` add on the peer leaf
// (reference/openvpn-protocol.md §5): a keyUsage extension must be present, extendedKeyUsage
// must include serverAuth (peer is a server) or clientAuth (peer is a client), and the common
// name must match (exactly, or by prefix). The first failure is kept as a readable reason.

import COpenSSL

/// The SSL ex-data slot that points at a session's `TLSVerification`; -1 if OpenSSL refused one.
let verificationSlot: Int32 = CRYPTO_get_ex_new_index(CRYPTO_EX_INDEX_SSL, 0, nil, nil, nil, nil)

/// One session's verification policy and outcome. Owned by its `TLSSession`, which outlives
/// the SSL object that points at it; used only on the thread that drives the session.
final class TLSVerification {
    let peerRole: EndpointRole
    let requiredName: PeerNameRule?
    /// Why the peer's certificate was refused; nil while nothing was refused.
    var failure: String?

    init(peerRole: EndpointRole, requiredName: PeerNameRule?) {
        self.peerRole = peerRole
        self.requiredName = requiredName
    }

    /// OpenSSL's verify callback: finds the session's policy through the SSL object.
    static func callback(preverified: Int32, store: OpaquePointer?) -> Int32 {
        guard let store,
            let ssl = X509_STORE_CTX_get_ex_data(store, SSL_get_ex_data_X509_STORE_CTX_idx()),
            let policy = SSL_get_ex_data(OpaquePointer(ssl), verificationSlot)
        else { return 0 }
        let verification = Unmanaged<TLSVerification>.fromOpaque(policy).takeUnretainedValue()
        return verification.verify(preverified: preverified == 1, store: store) ? 1 : 0
    }

    /// Keeps OpenSSL's verdict for each certificate and adds the leaf checks at depth 0.
    func verify(preverified: Bool, store: OpaquePointer) -> Bool {
        let depth = X509_STORE_CTX_get_error_depth(store)
        let certificate = X509_STORE_CTX_get_current_cert(store)
        let name = certificate.map(commonName) ?? "?"
        guard preverified else {
            let reason = String(cString: X509_verify_cert_error_string(Int(X509_STORE_CTX_get_error(store))))
            refuse("\(reason) (depth \(depth))", name: name)
            return false
        }
        guard depth == 0, let certificate else { return true }
        if let problem = leafProblem(certificate, name: name) {
            refuse(problem, name: name)
            X509_STORE_CTX_set_error(store, X509_V_ERR_APPLICATION_VERIFICATION)
            return false
        }
        return true
    }

    /// What `remote-cert-tls` and the name prefix find wrong with the peer leaf, if anything.
    func leafProblem(_ certificate: OpaquePointer, name: String) -> String? {
        let flags = X509_get_extension_flags(certificate)
        guard flags & UInt32(EXFLAG_KUSAGE) != 0 else { return "it has no keyUsage extension" }
        let (bit, purpose) =
            peerRole == .server ? (UInt32(XKU_SSL_SERVER), "serverAuth") : (UInt32(XKU_SSL_CLIENT), "clientAuth")
        guard flags & UInt32(EXFLAG_XKUSAGE) != 0, X509_get_extended_key_usage(certificate) & bit != 0 else {
            return "its extendedKeyUsage lacks \(purpose)"
        }
        if let rule = requiredName, !rule.accepts(name) { return rule.explanation }
        return nil
    }

    func refuse(_ reason: String, name: String) {
        guard failure == nil else { return }
        failure = "\(peerRole == .server ? "server" : "client") certificate '\(name)' refused: \(reason)"
    }

    /// The subject common name of a borrowed X509.
    func commonName(_ x509: OpaquePointer) -> String {
        guard X509_up_ref(x509) == 1 else { return "?" }
        return Certificate(owning: x509).commonName
    }
}
