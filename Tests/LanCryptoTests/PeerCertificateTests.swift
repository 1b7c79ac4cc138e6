// The `remote-cert-tls` checks lanstitch adds to OpenSSL's own (reference/openvpn-protocol.md
// §5), with certificates CertificateIssuer would never make: a leaf without keyUsage, or
// without extendedKeyUsage, passes OpenSSL's purpose check yet must be refused. Also TLS 1.2.

import COpenSSL
import Testing

@testable import LanCrypto

/// A leaf signed by `pki`'s CA with exactly `extensions` (NID, OpenSSL config value), valid
/// from an hour ago for a day by the system clock, which TLS verification uses.
func oddCertificate(_ pki: TestPKI, _ commonName: String, _ extensions: [(Int32, String)]) throws
    -> (Certificate, PrivateKey)
{
    let key = try PrivateKey.generateP256()
    let x509 = try require(X509_new(), "X509_new")
    let certificate = Certificate(owning: x509)
    try check(X509_set_version(x509, 2), "X509_set_version")
    try check(ASN1_INTEGER_set(X509_get_serialNumber(x509), Int.random(in: 1...Int(Int32.max))), "ASN1_INTEGER_set")
    _ = try require(X509_gmtime_adj(X509_getm_notBefore(x509), -3600), "X509_gmtime_adj")
    _ = try require(X509_gmtime_adj(X509_getm_notAfter(x509), 86_400), "X509_gmtime_adj")
    try check(
        X509_NAME_add_entry_by_txt(X509_get_subject_name(x509), "CN", MBSTRING_UTF8, commonName, -1, -1, 0),
        "X509_NAME_add_entry_by_txt")
    try check(X509_set_issuer_name(x509, X509_get_subject_name(pki.ca.x509)), "X509_set_issuer_name")
    try check(X509_set_pubkey(x509, key.key), "X509_set_pubkey")
    var context = X509V3_CTX()
    lanstitch_x509v3_ctx_nodb(&context)
    X509V3_set_ctx(&context, pki.ca.x509, x509, nil, nil, 0)
    for (nid, value) in extensions {
        let ext = try require(X509V3_EXT_conf_nid(nil, &context, nid, value), "X509V3_EXT_conf_nid")
        defer { X509_EXTENSION_free(ext) }
        try check(X509_add_ext(x509, ext, -1), "X509_add_ext")
    }
    guard X509_sign(x509, pki.caKey.key, EVP_sha256()) > 0 else { throw OpenSSLError("X509_sign") }
    return (certificate, key)
}

let keyUsage = (NID_key_usage, "critical,digitalSignature,keyAgreement")
let notCA = (NID_basic_constraints, "CA:FALSE")

@Suite struct PeerCertificateTests {
    @Test func aServerWithoutKeyUsageIsRefused() throws {
        let lab = try TLSLab()
        let server = try oddCertificate(lab.pki, "lanstitch-server-noku", [notCA, (NID_ext_key_usage, "serverAuth")])
        let pair = try TLSPair(client: lab.client(), server: lab.server(certificate: server))
        let (client, _) = try pair.handshake()
        #expect(failure(client) == "server certificate 'lanstitch-server-noku' refused: it has no keyUsage extension")
    }

    @Test func aServerWithoutExtendedKeyUsageIsRefused() throws {
        let lab = try TLSLab()
        let server = try oddCertificate(lab.pki, "lanstitch-server-noeku", [notCA, keyUsage])
        let pair = try TLSPair(client: lab.client(), server: lab.server(certificate: server))
        let (client, _) = try pair.handshake()
        #expect(
            failure(client)
                == "server certificate 'lanstitch-server-noeku' refused: its extendedKeyUsage lacks serverAuth")
    }

    @Test func aClientWithoutExtendedKeyUsageIsRefusedByTheServer() throws {
        let lab = try TLSLab()
        let client = try oddCertificate(lab.pki, "eve", [notCA, keyUsage])
        let pair = try TLSPair(client: lab.client(client), server: lab.server())
        let (_, server) = try pair.handshake()
        #expect(failure(server) == "client certificate 'eve' refused: its extendedKeyUsage lacks clientAuth")
    }

    @Test func aServerCertificateMayDialAnotherServer() throws {
        let lab = try TLSLab()
        let uplink = try lab.pki.issue("lanstitch-server-shanghai", .server)
        let pair = try TLSPair(client: lab.client(uplink), server: lab.server())
        #expect(try pair.handshake() == (.complete, .complete))
        #expect(pair.server.peerCommonName == "lanstitch-server-shanghai")
    }

    @Test func tls12HandshakesExportsAndRefusesLikeTLS13() throws {
        let lab = try TLSLab()
        var client = try lab.client()
        client.maximumVersion = .tls12
        let pair = try TLSPair(client: client, server: lab.server())
        #expect(try pair.handshake() == (.complete, .complete))
        #expect(pair.server.protocolVersion == "TLSv1.2")
        let label = "EXPORTER-OpenVPN-datakeys"
        #expect(
            try pair.client.exportKeyingMaterial(label: label, length: 256)
                == pair.server.exportKeyingMaterial(label: label, length: 256))
        try pair.client.write(Array("hello".utf8))
        try pair.pump()
        #expect(try pair.server.readRecord() == Array("hello".utf8))

        var stranger = try lab.client(try TestPKI().issue("mallory", .client))
        stranger.maximumVersion = .tls12
        let refused = try TLSPair(client: stranger, server: lab.server())
        let (clientStatus, serverStatus) = try refused.handshake()
        #expect(failure(serverStatus).contains("unable to get local issuer certificate"), "\(serverStatus)")
        #expect(failure(clientStatus).contains("alert"), "with TLS 1.2 the client hears the alert: \(clientStatus)")
    }
}
