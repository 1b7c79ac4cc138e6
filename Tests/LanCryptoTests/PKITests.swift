// PKI primitives against OpenSSL's own verifier and, as independent oracles, the `openssl` and
// `openvpn` command-line tools: CA, server and client certificates, CRLs, static keys.

import Foundation
import LanCrypto
import Testing

let now: Int64 = 1_795_000_000  // 2026-11-18, a fixed clock

/// Runs a tool, returning (exit status, combined output); nil when the tool is not installed.
func run(_ tool: String, _ arguments: [String]) throws -> (Int32, String)? {
    let candidates = ["/usr/bin/\(tool)", "/usr/sbin/\(tool)", "/bin/\(tool)"]
    guard let path = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else { return nil }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: path)
    process.arguments = arguments
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = pipe
    try process.run()
    let output = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: output, as: UTF8.self))
}

struct TestPKI {
    let caKey: PrivateKey
    let ca: Certificate
    init() throws {
        caKey = try PrivateKey.generateP256()
        ca = try CertificateIssuer.authority(commonName: "lanstitch CA test", key: caKey, now: now, days: 3650)
    }

    func issue(_ name: String, _ role: CertificateRole) throws -> (Certificate, PrivateKey) {
        let key = try PrivateKey.generateP256()
        let certificate = try CertificateIssuer.issue(
            commonName: name, role: role, subjectKey: key, issuer: ca, issuerKey: caKey, now: now, days: 825)
        return (certificate, key)
    }
}

@Suite struct PKITests {
    @Test func issuedCertificatesVerifyAgainstTheirCA() throws {
        let pki = try TestPKI()
        let (server, serverKey) = try pki.issue("lanstitch-server-hangzhou", .server)
        #expect(server.commonName == "lanstitch-server-hangzhou")
        #expect(server.matches(serverKey))
        #expect(!server.matches(pki.caKey))
        #expect(try ChainVerifier.problem(with: server, authority: pki.ca, crlPEM: nil, now: now) == nil)
        #expect(server.serialHex.count == 32)
        #expect(server.secondsUntilExpiry(now: now) == 825 * 86_400)
        let reread = try Certificate(pem: try server.pem())
        #expect(reread.serialHex == server.serialHex)
        let key = try PrivateKey(pem: try serverKey.pem())
        #expect(reread.matches(key))
    }

    @Test func aCertificateFromAnotherCAIsRefused() throws {
        let ours = try TestPKI()
        let theirs = try TestPKI()
        let (stranger, _) = try theirs.issue("alice", .client)
        let problem = try ChainVerifier.problem(with: stranger, authority: ours.ca, crlPEM: nil, now: now)
        #expect(problem?.contains("unable to get local issuer certificate") == true)
    }

    @Test func revokedCertificatesAreRefusedOthersAccepted() throws {
        let pki = try TestPKI()
        let (alice, _) = try pki.issue("alice", .client)
        let (bob, _) = try pki.issue("bob", .client)
        let crl = try RevocationList.pem(
            authority: pki.ca, key: pki.caKey, revoked: [Revocation(serialHex: alice.serialHex, revokedAt: now)],
            now: now, days: 3650)
        #expect(
            try ChainVerifier.problem(with: alice, authority: pki.ca, crlPEM: crl, now: now + 60)
                == "certificate revoked")
        #expect(try ChainVerifier.problem(with: bob, authority: pki.ca, crlPEM: crl, now: now + 60) == nil)
    }

    @Test func opensslToolAgreesOnPurposesAndRevocation() throws {
        let pki = try TestPKI()
        let (server, _) = try pki.issue("lanstitch-server-hk", .server)
        let (client, _) = try pki.issue("alice", .client)
        let folder = NSTemporaryDirectory() + "lanstitch-pki-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        func write(_ name: String, _ text: String) throws -> String {
            let path = folder + "/" + name
            try text.write(toFile: path, atomically: true, encoding: .utf8)
            return path
        }
        let ca = try write("ca.crt", try pki.ca.pem())
        let serverPath = try write("server.crt", try server.pem())
        let clientPath = try write("client.crt", try client.pem())
        let crl = try write(
            "crl.pem",
            try RevocationList.pem(
                authority: pki.ca, key: pki.caKey, revoked: [Revocation(serialHex: client.serialHex, revokedAt: now)],
                now: now, days: 3650))
        guard let (status, _) = try run("openssl", ["verify", "-CAfile", ca, "-purpose", "sslserver", serverPath])
        else {
            Issue.record("the openssl tool is not installed (Debian package openssl); scripts/setup installs it")
            return
        }
        #expect(status == 0, "server cert must be valid for TLS servers")
        #expect(
            try run("openssl", ["verify", "-CAfile", ca, "-purpose", "sslclient", serverPath])?.0 == 0,
            "server cert must also be valid for TLS clients (servers dial servers)")
        #expect(
            try run("openssl", ["verify", "-CAfile", ca, "-purpose", "sslserver", clientPath])?.0 != 0,
            "a client cert must not pass as a server")
        let revoked = try run("openssl", ["verify", "-CAfile", ca, "-crl_check", "-CRLfile", crl, clientPath])
        #expect(revoked?.0 != 0)
        #expect(revoked?.1.contains("certificate revoked") == true)
    }

    @Test func staticKeyRoundTripsAndReadsOpenVPNsOwnKeys() throws {
        let key = try StaticKey.generate()
        #expect(try StaticKey(text: key.text) == key)
        #expect(key.text.split(separator: "\n").count == 3 + 1 + 16 + 1)
        #expect(throws: StaticKey.ParseError.self) {
            try StaticKey(text: "-----BEGIN OpenVPN Static key V1-----\nzz\n")
        }
        let path = NSTemporaryDirectory() + "lanstitch-genkey-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: path) }
        guard let (status, output) = try run("openvpn", ["--genkey", "secret", path]) else {
            Issue.record("openvpn is not installed (Debian package openvpn); scripts/setup installs it")
            return
        }
        #expect(status == 0, "\(output)")
        let stock = try StaticKey(text: try String(contentsOfFile: path, encoding: .utf8))
        #expect(stock.bytes.count == 256)
    }
}
