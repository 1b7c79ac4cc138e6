// TLS over memory buffers: a client and a server engine in one process, bytes pumped between
// them as the control channel would carry them. Certificates come from CertificateIssuer.

import LanCrypto
import Testing

/// Both ends of one in-process TLS connection.
struct TLSPair {
    let client: TLSSession
    let server: TLSSession

    init(client: TLSConfiguration, server: TLSConfiguration) throws {
        self.client = try TLSContext(client).makeSession()
        self.server = try TLSContext(server).makeSession()
    }

    /// Moves every pending byte both ways once.
    func pump() throws {
        try server.consumeFromNetwork(client.dataForNetwork())
        try client.consumeFromNetwork(server.dataForNetwork())
    }

    /// Drives both handshakes until neither makes progress; (client, server) statuses.
    func handshake() throws -> (client: TLSHandshakeStatus, server: TLSHandshakeStatus) {
        var client = TLSHandshakeStatus.inProgress
        var server = TLSHandshakeStatus.inProgress
        for _ in 0..<10 {
            if client == .inProgress { client = self.client.doHandshake() }
            try self.server.consumeFromNetwork(self.client.dataForNetwork())
            if server == .inProgress { server = self.server.doHandshake() }
            try self.client.consumeFromNetwork(self.server.dataForNetwork())
            if client != .inProgress && server != .inProgress { break }
        }
        return (client, server)
    }
}

/// A LAN with a server and a client certificate, and the configurations that use them.
struct TLSLab {
    let pki: TestPKI
    let serverName = "lanstitch-server-hangzhou"

    init() throws { pki = try TestPKI() }

    func server(crlPEM: String? = nil, certificate: (Certificate, PrivateKey)? = nil) throws -> TLSConfiguration {
        let (cert, key) = try certificate ?? pki.issue(serverName, .server)
        return TLSConfiguration(role: .server, authority: pki.ca, certificate: cert, privateKey: key, crlPEM: crlPEM)
    }

    func client(_ identity: (Certificate, PrivateKey)? = nil, name: PeerNameRule? = .prefix("lanstitch-server-")) throws
        -> TLSConfiguration
    {
        let (cert, key) = try identity ?? pki.issue("alice", .client)
        return TLSConfiguration(
            role: .client, authority: pki.ca, certificate: cert, privateKey: key, requiredPeerName: name)
    }
}

/// The failure reason, or "" when `status` is not a failure.
func failure(_ status: TLSHandshakeStatus) -> String {
    if case .failed(let reason) = status { return reason }
    return ""
}

@Suite struct TLSEngineTests {
    @Test func handshakeRecordsAndExportedKeysAgree() throws {
        let lab = try TLSLab()
        let pair = try TLSPair(client: lab.client(), server: lab.server())
        let (client, server) = try pair.handshake()
        #expect(client == .complete)
        #expect(server == .complete)
        #expect(pair.client.peerCommonName == lab.serverName)
        #expect(pair.server.peerCommonName == "alice")
        #expect(pair.client.protocolVersion == "TLSv1.3")

        let messages: [[UInt8]] = [
            Array("key method 2".utf8), Array("PUSH_REQUEST\0".utf8), [UInt8](repeating: 7, count: 2048),
        ]
        for message in messages { try pair.client.write(message) }
        try pair.pump()
        for message in messages { #expect(try pair.server.readRecord() == message, "one write is one record") }
        #expect(try pair.server.readRecord() == nil)
        try pair.server.write(Array("PUSH_REPLY,ping 10".utf8))
        try pair.pump()
        #expect(try pair.client.readRecord() == Array("PUSH_REPLY,ping 10".utf8))

        let label = "EXPORTER-OpenVPN-datakeys"
        let clientKeys = try pair.client.exportKeyingMaterial(label: label, length: 256)
        let serverKeys = try pair.server.exportKeyingMaterial(label: label, length: 256)
        #expect(clientKeys.count == 256)
        #expect(clientKeys == serverKeys)
        #expect(try pair.client.exportKeyingMaterial(label: "EXPORTER-other", length: 256) != clientKeys)
        let material = try DataChannelKeys(material: clientKeys, cipher: .aes256GCM, role: .client)
        #expect(material.encryptKey == Array(serverKeys[0..<32]))
    }

    @Test func bytesDeliveredOneAtATimeStillHandshake() throws {
        let lab = try TLSLab()
        let pair = try TLSPair(client: lab.client(), server: lab.server())
        var client = TLSHandshakeStatus.inProgress
        var server = TLSHandshakeStatus.inProgress
        for _ in 0..<10 where client != .complete || server != .complete {
            client = pair.client.doHandshake()
            for byte in pair.client.dataForNetwork() {
                try pair.server.consumeFromNetwork([byte])
                server = pair.server.doHandshake()
            }
            for byte in pair.server.dataForNetwork() {
                try pair.client.consumeFromNetwork([byte])
                client = pair.client.doHandshake()
            }
        }
        #expect(client == .complete && server == .complete)
        #expect(
            try pair.client.exportKeyingMaterial(label: "EXPORTER-OpenVPN-datakeys", length: 256)
                == pair.server.exportKeyingMaterial(label: "EXPORTER-OpenVPN-datakeys", length: 256))
    }

    @Test func aClientFromAnotherCAIsRefusedByTheServer() throws {
        let lab = try TLSLab()
        let stranger = try TestPKI()
        let (cert, key) = try stranger.issue("mallory", .client)
        var client = try lab.client((cert, key))
        client.authority = lab.pki.ca
        let pair = try TLSPair(client: client, server: lab.server())
        let (_, server) = try pair.handshake()
        #expect(failure(server).contains("client certificate 'mallory' refused"), "\(server)")
        #expect(failure(server).contains("unable to get local issuer certificate"), "\(server)")
        #expect(throws: TLSError.self) { _ = try pair.client.readRecord() }
    }

    @Test func aRevokedClientIsRefusedOthersAccepted() throws {
        let lab = try TLSLab()
        let alice = try lab.pki.issue("alice", .client)
        let bob = try lab.pki.issue("bob", .client)
        let crl = try RevocationList.pem(
            authority: lab.pki.ca, key: lab.pki.caKey,
            revoked: [Revocation(serialHex: alice.0.serialHex, revokedAt: now)],
            now: now, days: 3650)
        let serverIdentity = try lab.pki.issue(lab.serverName, .server)
        let refused = try TLSPair(
            client: lab.client(alice), server: lab.server(crlPEM: crl, certificate: serverIdentity))
        let (_, server) = try refused.handshake()
        #expect(failure(server).contains("client certificate 'alice' refused: certificate revoked"), "\(server)")
        let accepted = try TLSPair(
            client: lab.client(bob), server: lab.server(crlPEM: crl, certificate: serverIdentity))
        #expect(try accepted.handshake() == (.complete, .complete))
    }

    @Test func aClientCertificateActingAsServerIsRefusedByTheClient() throws {
        let lab = try TLSLab()
        let impostor = try lab.pki.issue("lanstitch-server-fake", .client)
        let pair = try TLSPair(client: lab.client(), server: lab.server(certificate: impostor))
        let (client, _) = try pair.handshake()
        #expect(failure(client).contains("server certificate 'lanstitch-server-fake' refused"), "\(client)")
        #expect(failure(client).contains("purpose") || failure(client).contains("serverAuth"), "\(client)")
    }

    @Test func aServerNameWithoutTheRequiredPrefixIsRefused() throws {
        let lab = try TLSLab()
        let oddName = try lab.pki.issue("printer-hangzhou", .server)
        let pair = try TLSPair(client: lab.client(), server: lab.server(certificate: oddName))
        let (client, _) = try pair.handshake()
        #expect(
            failure(client).contains("common name does not start with 'lanstitch-server-'"), "\(client)")
        let noPrefix = try TLSPair(client: lab.client(name: nil), server: lab.server(certificate: oddName))
        #expect(try noPrefix.handshake() == (.complete, .complete))
    }

    @Test func anExactNameRuleRefusesAnotherServerOfTheSameLAN() throws {
        // A server dialling its peer hangzhou must not accept hangzhou2, whose name merely
        // starts the same way.
        let lab = try TLSLab()
        let lookalike = try lab.pki.issue("lanstitch-server-hangzhou2", .server)
        let exact = PeerNameRule.exact(lab.serverName)
        let pair = try TLSPair(client: lab.client(name: exact), server: lab.server(certificate: lookalike))
        let (client, _) = try pair.handshake()
        #expect(failure(client).contains("common name is not 'lanstitch-server-hangzhou'"), "\(client)")
        let right = try TLSPair(client: lab.client(name: exact), server: lab.server())
        #expect(try right.handshake() == (.complete, .complete))
    }

    @Test func aKeyThatDoesNotMatchTheCertificateIsRefusedAtSetup() throws {
        let lab = try TLSLab()
        let (cert, _) = try lab.pki.issue(lab.serverName, .server)
        let configuration = TLSConfiguration(
            role: .server, authority: lab.pki.ca, certificate: cert, privateKey: try PrivateKey.generateP256())
        #expect(throws: OpenSSLError.self) { try TLSContext(configuration) }
    }
}
