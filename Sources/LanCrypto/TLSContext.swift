// TLSContext: one SSL_CTX set up the way OpenVPN 2.6 sets up its control channel
// (reference/openvpn-protocol.md §5, §13): TLS 1.2 minimum; no tickets, compression,
// renegotiation or session cache; the LAN's CA (and CRL) as the only trust; our certificate
// and key; peer certificates required both ways and checked by `TLSVerification`.
//
// Certificate validity is checked against the system clock, as OpenSSL and OpenVPN do.

import COpenSSL

/// A TLS protocol version lanstitch allows.
public enum TLSVersion: Sendable {
    case tls12
    case tls13

    var code: Int32 { self == .tls12 ? TLS1_2_VERSION : TLS1_3_VERSION }
}

/// What a TLS endpoint presents and what it accepts.
public struct TLSConfiguration: Sendable {
    /// Server: TLS server that requires a client certificate. Client: TLS client.
    public var role: EndpointRole
    /// The LAN's CA: the only trust anchor.
    public var authority: Certificate
    /// Our certificate, issued by `authority`, and its key.
    public var certificate: Certificate
    public var privateKey: PrivateKey
    /// The CA's CRL as PEM; when set, revoked peers are refused (`crl-verify`).
    public var crlPEM: String?
    /// When set, the peer's common name must match it, like OpenVPN's `verify-x509-name`:
    /// `.prefix("lanstitch-server-")` on a member, `.exact("lanstitch-server-hangzhou")` on a
    /// server dialling its peer.
    public var requiredPeerName: PeerNameRule?
    /// The newest version to offer or accept; nil for the newest OpenSSL supports (TLS 1.3).
    /// The oldest is always TLS 1.2, OpenVPN 2.6's default `tls-version-min`.
    public var maximumVersion: TLSVersion?

    public init(
        role: EndpointRole, authority: Certificate, certificate: Certificate, privateKey: PrivateKey,
        crlPEM: String? = nil, requiredPeerName: PeerNameRule? = nil, maximumVersion: TLSVersion? = nil
    ) {
        self.role = role
        self.authority = authority
        self.certificate = certificate
        self.privateKey = privateKey
        self.crlPEM = crlPEM
        self.requiredPeerName = requiredPeerName
        self.maximumVersion = maximumVersion
    }
}

/// How the peer certificate's common name must read (OpenVPN's `verify-x509-name NAME name`
/// and `… name-prefix`).
public enum PeerNameRule: Equatable, Sendable {
    case exact(String)
    case prefix(String)

    /// True when `name` satisfies the rule.
    public func accepts(_ name: String) -> Bool {
        switch self {
        case .exact(let expected): name == expected
        case .prefix(let prefix): name.hasPrefix(prefix)
        }
    }

    var explanation: String {
        switch self {
        case .exact(let expected): "its common name is not '\(expected)'"
        case .prefix(let prefix): "its common name does not start with '\(prefix)'"
        }
    }
}

/// A configured SSL_CTX from which `TLSSession`s are made.
///
/// Owns the `SSL_CTX`, freed in `deinit` (sessions hold their own reference). Immutable after
/// `init`, so sessions may be made from any thread.
public final class TLSContext: @unchecked Sendable {
    public let configuration: TLSConfiguration
    let context: OpaquePointer

    /// OpenVPN 2.6's default TLS ≤ 1.2 cipher list; TLS 1.3 suites stay OpenSSL's defaults.
    static let tls12Ciphers = "DEFAULT:!EXP:!LOW:!MEDIUM:!kDH:!kECDH:!DSS:!PSK:!SRP:!kRSA"

    /// Builds the SSL_CTX; throws `OpenSSLError` naming the call that refused the setup (for
    /// example a key that does not match the certificate).
    public init(_ configuration: TLSConfiguration) throws {
        self.configuration = configuration
        context = try require(SSL_CTX_new(TLS_method()), "SSL_CTX_new")
        try check(lanstitch_ssl_ctx_set_min_proto_version(context, TLS1_2_VERSION), "SSL_CTX_set_min_proto_version")
        if let maximum = configuration.maximumVersion {
            try check(lanstitch_ssl_ctx_set_max_proto_version(context, maximum.code), "SSL_CTX_set_max_proto_version")
        }
        try check(SSL_CTX_set_cipher_list(context, Self.tls12Ciphers), "SSL_CTX_set_cipher_list")
        let options = lanstitch_ssl_op_openvpn()
        guard SSL_CTX_set_options(context, options) & options == options else {
            throw OpenSSLError("SSL_CTX_set_options")
        }
        _ = lanstitch_ssl_ctx_set_session_cache_mode(context, Int(SSL_SESS_CACHE_OFF))  // returns the old mode
        try check(SSL_CTX_set_num_tickets(context, 0), "SSL_CTX_set_num_tickets")
        try check(SSL_CTX_use_certificate(context, configuration.certificate.x509), "SSL_CTX_use_certificate")
        try check(SSL_CTX_use_PrivateKey(context, configuration.privateKey.key), "SSL_CTX_use_PrivateKey")
        try check(SSL_CTX_check_private_key(context), "SSL_CTX_check_private_key")
        try trust(configuration.authority, crlPEM: configuration.crlPEM)
        var mode = SSL_VERIFY_PEER
        if configuration.role == .server {
            mode |= SSL_VERIFY_FAIL_IF_NO_PEER_CERT
            try check(SSL_CTX_add_client_CA(context, configuration.authority.x509), "SSL_CTX_add_client_CA")
        }
        SSL_CTX_set_verify(context, mode) { preverified, store in
            TLSVerification.callback(preverified: preverified, store: store)
        }
    }

    deinit { SSL_CTX_free(context) }

    /// Makes `authority` the only trust anchor and enables CRL checking when a CRL is given.
    func trust(_ authority: Certificate, crlPEM: String?) throws {
        let store = try require(SSL_CTX_get_cert_store(context), "SSL_CTX_get_cert_store")
        try check(X509_STORE_add_cert(store, authority.x509), "X509_STORE_add_cert")
        guard let crlPEM else { return }
        let bio = try MemoryBIO(text: crlPEM)
        let crl = try require(PEM_read_bio_X509_CRL(bio.bio, nil, nil, nil), "PEM_read_bio_X509_CRL")
        defer { X509_CRL_free(crl) }
        try check(X509_STORE_add_crl(store, crl), "X509_STORE_add_crl")
        try check(X509_STORE_set_flags(store, UInt(X509_V_FLAG_CRL_CHECK)), "X509_STORE_set_flags(CRL_CHECK)")
    }

    /// A new session (one per key id) with this context's settings.
    public func makeSession() throws -> TLSSession {
        try TLSSession(context: self)
    }
}
