// Authority: the LAN's certificate authority as loaded from (or first created in) the state
// folder — CA certificate and key, the tls-crypt key, and the current CRL — and the one place
// that issues certificates, so validity and naming rules are the same everywhere.

import Foundation
import LanCrypto
import LanValues

/// The LAN's CA and shared secrets.
public struct Authority: Sendable {
    /// Certificate lifetimes in days.
    public static let authorityDays = 3650
    public static let leafDays = 1825
    /// Server certificates are named `lanstitch-server-NAME`; profiles accept only this prefix.
    public static let serverNamePrefix = CertificateName.serverPrefix

    public let files: PKIFiles
    public let certificate: Certificate
    public let key: PrivateKey
    public let tlsCrypt: StaticKey

    /// Loads an existing CA. Throws a diagnostic telling to run `lanstitch init` when there is
    /// none, or naming the damaged file.
    public static func load(_ files: PKIFiles) throws -> Authority {
        guard files.exists(files.caCertificate) || files.exists(files.caKey) else {
            throw Diagnostics([
                Diagnostic(
                    SourceLocation(file: files.state.path, line: 0, column: 0),
                    "no certificate authority in this state folder yet; run `lanstitch init INVENTORY` first")
            ])
        }
        let certificate: Certificate
        let key: PrivateKey
        do {
            certificate = try Certificate(pem: try files.read(files.caCertificate))
            key = try PrivateKey(pem: try files.read(files.caKey))
        } catch let problem as Diagnostics {
            throw problem
        } catch {
            throw files.damaged(files.caCertificate, "the CA certificate or key is unreadable (\(error))")
        }
        guard certificate.matches(key) else { throw files.damaged(files.caKey, "ca.key does not belong to ca.crt") }
        let tlsCrypt: StaticKey
        do {
            tlsCrypt = try StaticKey(text: try files.read(files.tlsCrypt))
        } catch let problem as Diagnostics {
            throw problem
        } catch {
            throw files.damaged(files.tlsCrypt, "the tls-crypt key is unreadable (\(error))")
        }
        return Authority(files: files, certificate: certificate, key: key, tlsCrypt: tlsCrypt)
    }

    /// Creates the CA, tls-crypt key and an empty CRL. Only for a state folder with none of them.
    static func create(_ files: PKIFiles, lanName: String, now: Int64) throws -> Authority {
        let key = try PrivateKey.generateP256()
        // A random suffix keeps the CA names of two LANs with the same inventory name apart.
        let name = "lanstitch CA \(lanName) " + String(UInt32.random(in: 0x10_0000...0xFF_FFFF), radix: 16)
        let certificate = try CertificateIssuer.authority(commonName: name, key: key, now: now, days: authorityDays)
        let tlsCrypt = try StaticKey.generate()
        try files.create(files.caKey, try key.pem(), secret: true)
        try files.create(files.caCertificate, try certificate.pem(), secret: false)
        try files.create(files.tlsCrypt, tlsCrypt.text, secret: true)
        let authority = Authority(files: files, certificate: certificate, key: key, tlsCrypt: tlsCrypt)
        try files.create(files.crl, try authority.crlPEM(revoked: [], now: now), secret: false)
        return authority
    }

    /// Issues a certificate and key for a server (`lanstitch-server-NAME`) or client (`NAME`).
    func issue(_ name: String, role: CertificateRole, now: Int64) throws -> (certificate: Certificate, key: PrivateKey)
    {
        let key = try PrivateKey.generateP256()
        let commonName = role == .server ? Self.serverNamePrefix + name : name
        let certificate = try CertificateIssuer.issue(
            commonName: commonName, role: role, subjectKey: key, issuer: self.certificate, issuerKey: self.key,
            now: now,
            days: Self.leafDays)
        return (certificate, key)
    }

    /// A CRL listing `revoked`, signed now.
    func crlPEM(revoked: [Revocation], now: Int64) throws -> String {
        try RevocationList.pem(authority: certificate, key: key, revoked: revoked, now: now, days: Self.authorityDays)
    }
}
