// FuzzLAN: the keys a control-path harness needs, made once per process — a CA, a server and a
// client certificate (P-256, valid 1 November 2023 to 2123, so the real clock OpenSSL checks
// them against never matters), and a fixed tls-crypt key (bytes 0, 1, … 255), so that a saved
// input means the same packets in every run and anyone can decrypt them.

import LanCrypto
import LanProtocol
import LanValues
import LanWire

/// A server's configuration and a client's, over one throw-away PKI.
///
/// Contract: built once (`shared`) and never changed; each harness input makes its own sessions
/// from it. Not thread-safe (libFuzzer runs one input at a time).
final class FuzzLAN {
    /// The LAN every harness shares; building it takes a few milliseconds.
    nonisolated(unsafe) static let shared: FuzzLAN = {
        do { return try FuzzLAN() } catch { fatalError("cannot build the fuzz PKI: \(error)") }
    }()

    /// When the certificates start to be valid (Unix seconds) and for how many days.
    static let issued: Int64 = 1_698_796_800
    static let validDays = 36_500
    /// The tls-crypt replay time both sides write (§3.6).
    static let unixTime: UInt32 = 1_795_000_000
    /// The session ids the harnesses use: the server's and the client's of the lab capture (A.2).
    static let serverSessionID = SessionID(0x18d1_ab05_7f3b_0907)
    static let clientSessionID = SessionID(0xfc27_25f1_1890_b887)

    let server: SessionConfiguration
    let client: SessionConfiguration
    /// The server's front door: tls-crypt with the server's keys, no session.
    let frontDoor: TLSCrypt
    /// tls-crypt with the client's keys: what the harnesses wrap fuzz bytes with.
    let clientCrypt: TLSCrypt

    init() throws {
        let caKey = try PrivateKey.generateP256()
        let ca = try CertificateIssuer.authority(
            commonName: "lanstitch fuzz CA", key: caKey, now: Self.issued, days: Self.validDays)
        func context(_ role: EndpointRole, name: String) throws -> TLSContext {
            let key = try PrivateKey.generateP256()
            let certificate = try CertificateIssuer.issue(
                commonName: name, role: role == .server ? .server : .client, subjectKey: key, issuer: ca,
                issuerKey: caKey, now: Self.issued, days: Self.validDays)
            return try TLSContext(
                TLSConfiguration(
                    role: role, authority: ca, certificate: certificate, privateKey: key,
                    requiredPeerName: role == .client ? .prefix(CertificateName.serverPrefix) : nil))
        }
        let tlsCrypt = try StaticKey(bytes: Self.tlsCryptBytes)
        server = SessionConfiguration(
            role: .server, tls: try context(.server, name: CertificateName.serverPrefix + "fuzz"), tlsCrypt: tlsCrypt,
            options: OCCOptionsString.server, transitionWindow: .seconds(10), unixTime: Self.unixTime)
        client = SessionConfiguration(
            role: .client, tls: try context(.client, name: "alice"), tlsCrypt: tlsCrypt,
            options: OCCOptionsString.client, peerInfo: Self.peerInfo, transitionWindow: .seconds(10),
            unixTime: Self.unixTime)
        frontDoor = try TLSCrypt(staticKey: tlsCrypt, role: .server)
        clientCrypt = try TLSCrypt(staticKey: tlsCrypt, role: .client)
    }

    /// The LAN's tls-crypt key: known, so the harnesses can wrap what they send.
    static let tlsCryptBytes = (0..<StaticKey.byteCount).map { UInt8(truncatingIfNeeded: $0) }

    /// A stock 2.6 client's peer-info.
    static let peerInfo =
        "IV_VER=2.6.14\nIV_PLAT=linux\nIV_PROTO=990\nIV_NCP=2\nIV_CIPHERS=AES-256-GCM:AES-128-GCM:CHACHA20-POLY1305\n"

    /// What the daemon pushes to a member it accepts (ServerDaemon+Control's `authenticate`),
    /// from the client's own peer-info and options, so those reach the same code.
    static func push(peerInfo: PeerInfo, options: String) -> (PushReply, AEADCipher)? {
        guard let name = CipherNegotiation.choose(peerInfo: peerInfo), let cipher = AEADCipher(openVPNName: name)
        else { return nil }
        let push = PushReply.subnet(
            server: IPv4Address(10, 249, 0, 1),
            client: PushedInterface(address: IPv4Address(10, 249, 0, 2), netmask: IPv4Address(255, 255, 0, 0)),
            ping: 10, pingRestart: 60, routes: [PushedRoute(IPv4Prefix(IPv4Address(10, 0, 0, 0), length: 8))],
            peerID: PeerID(1)!, cipher: name, peerInfo: peerInfo, clientOptions: options)
        return (push, cipher)
    }
}
