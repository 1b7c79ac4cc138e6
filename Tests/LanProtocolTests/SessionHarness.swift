// SessionHarness: a client ControlSession and a server front door + ControlSession joined by a
// NoisyWire under a manual clock, with real TLS, certificates and tls-crypt — the in-process
// integration tier of docs/tunnel-design.md.

import LanCrypto
import LanProtocol
import LanTestKit
import LanValues
import LanWire

/// A LAN's worth of certificates for one server and its clients.
struct TestLAN {
    let caKey: PrivateKey
    let ca: Certificate
    let tlsCrypt: StaticKey

    init() throws {
        caKey = try PrivateKey.generateP256()
        ca = try CertificateIssuer.authority(commonName: "test CA", key: caKey, now: 1_795_000_000, days: 30)
        tlsCrypt = try StaticKey.generate()
    }

    func context(_ role: EndpointRole, name: String, issuer: TestLAN? = nil) throws -> TLSContext {
        let key = try PrivateKey.generateP256()
        let signer = issuer ?? self
        let certificate = try CertificateIssuer.issue(
            commonName: name, role: role == .server ? .server : .client, subjectKey: key, issuer: signer.ca,
            issuerKey: signer.caKey, now: 1_795_000_000, days: 30)
        return try TLSContext(
            TLSConfiguration(
                role: role, authority: ca, certificate: certificate, privateKey: key,
                requiredPeerName: role == .client ? .prefix("lanstitch-server-") : nil))
    }
}

let clientPeerInfo =
    "IV_VER=2.6.14\nIV_PLAT=linux\nIV_PROTO=142\nIV_NCP=2\nIV_CIPHERS=AES-256-GCM:AES-128-GCM:CHACHA20-POLY1305\n"

/// Runs a client and a server over a noisy wire.
final class SessionHarness {
    var wire: NoisyWire<[UInt8]>
    var clock = ManualClock()
    let client: ControlSession
    var server: ControlSession?
    let serverConfiguration: SessionConfiguration
    let frontDoor: TLSCrypt
    var clientEvents: [SessionEvent] = []
    var serverEvents: [SessionEvent] = []
    var frontDoorDrops = 0
    /// What the server does when a client authenticates: accept (default) or refuse.
    var refuse = false
    /// The server's front door answers hard resets statelessly (a cookie) and restores the
    /// session from the client's proof, as the daemon does; else it creates it at once.
    var stateless = false
    let cookie: ResetCookie
    /// Stateless replies sent, and how many of the first ones the wire loses on purpose.
    var replies = 0
    var lostReplies = 0
    /// What the server session sent, in order, and when it sent its first packet.
    var serverSent: [[UInt8]] = []
    var firstSentAt: Timestamp?
    static let clientEndpoint = IPv4Endpoint(address: IPv4Address(192, 0, 2, 7), port: 40_000)

    init(
        seed: UInt64, conditions: NoisyWire<[UInt8]>.Conditions, lan: TestLAN, clientContext: TLSContext,
        renegotiateAfter: Duration? = nil, peerInfo: String = clientPeerInfo
    ) throws {
        var generator = SeededGenerator(seed: seed)
        wire = NoisyWire(seed: seed, conditions: conditions)
        let clientConfiguration = SessionConfiguration(
            role: .client, tls: clientContext, tlsCrypt: lan.tlsCrypt, options: OCCOptionsString.client,
            peerInfo: peerInfo, renegotiateAfter: renegotiateAfter, transitionWindow: .seconds(10),
            unixTime: 1_795_000_000)
        serverConfiguration = SessionConfiguration(
            role: .server, tls: try lan.context(.server, name: "lanstitch-server-hongkong"), tlsCrypt: lan.tlsCrypt,
            options: OCCOptionsString.server, transitionWindow: .seconds(10), unixTime: 1_795_000_000)
        frontDoor = try TLSCrypt(staticKey: lan.tlsCrypt, role: .server)
        cookie = try ResetCookie(using: &generator)
        client = try ControlSession.client(
            configuration: clientConfiguration, localSessionID: .random(using: &generator), now: .zero)
    }

    var now: Timestamp { Timestamp(sinceOrigin: clock.now) }

    /// Runs until `done` holds or `limit` of simulated time passes; returns whether it held.
    func run(until limit: Duration, _ done: (SessionHarness) -> Bool) -> Bool {
        var generator = SeededGenerator(seed: 99)
        while clock.now < limit {
            for (end, packet) in wire.deliver(now: clock.now) {
                if end == .a {
                    try? client.receive(packet, now: now)
                } else if let server {
                    try? server.receive(packet, now: now)
                } else if stateless {
                    knock(packet)
                } else if let (first, id) = try? TLSCryptFraming.authenticate(packet, with: frontDoor),
                    first.opcodeByte.opcode == .controlHardResetClientV2
                {
                    server = try? ControlSession.server(
                        configuration: serverConfiguration, localSessionID: .random(using: &generator), first: first,
                        packetID: id, now: now)
                } else {
                    frontDoorDrops += 1
                }
            }
            for packet in client.poll(now: now) { wire.send(packet, from: .a, now: clock.now) }
            if let server {
                for packet in server.poll(now: now) {
                    if serverSent.isEmpty { firstSentAt = now }
                    serverSent.append(packet)
                    wire.send(packet, from: .b, now: clock.now)
                }
            }
            collectEvents()
            if done(self) { return true }
            clock.advance(by: .milliseconds(10))
        }
        return false
    }

    /// The daemon's stateless front door in miniature: a hard reset gets a cookie reply (or is
    /// lost on the wire), a verified proof restores the session; the rest is dropped.
    func knock(_ packet: [UInt8]) {
        guard let (first, id) = try? TLSCryptFraming.authenticate(packet, with: frontDoor) else {
            return frontDoorDrops += 1
        }
        if let claimed = StatelessReset.claimedCookie(first) {
            guard cookie.verifies(claimed, for: Self.clientEndpoint, client: first.sessionID, now: now) else {
                return frontDoorDrops += 1
            }
            server = try? ControlSession.restored(
                configuration: serverConfiguration, cookie: claimed, proof: first, packetID: id,
                firstReplayID: StatelessReset.firstSessionReplayID(at: now), now: now)
        } else if first.opcodeByte.opcode == .controlHardResetClientV2, first.acks.isEmpty {
            let reply = try! StatelessReset.reply(
                cookie: cookie.sessionID(for: Self.clientEndpoint, client: first.sessionID, now: now),
                replayID: StatelessReset.replayID(at: now, time: serverConfiguration.unixTime), crypt: frontDoor)
            replies += 1
            if replies > lostReplies { wire.send(reply, from: .b, now: clock.now) }
        } else {
            frontDoorDrops += 1
        }
    }

    func collectEvents() {
        let fresh = client.takeEvents()
        clientEvents += fresh
        guard let server else { return }
        for event in server.takeEvents() {
            serverEvents.append(event)
            guard case .peerAuthenticated(_, let peerInfo, let options) = event else { continue }
            if refuse {
                server.refuse(reason: "test refuses", now: now)
                continue
            }
            let push = PushReply.subnet(
                server: IPv4Address(10, 249, 0, 1),
                client: PushedInterface(address: IPv4Address(10, 249, 0, 2), netmask: IPv4Address(255, 255, 0, 0)),
                ping: 10, pingRestart: 60, routes: [PushedRoute(try! IPv4Prefix.parse("10.0.0.0/8").get())],
                peerID: PeerID(0)!, cipher: CipherNegotiation.choose(peerInfo: peerInfo), peerInfo: peerInfo,
                clientOptions: options)
            server.accept(push: push, cipher: .aes256GCM, now: now)
        }
    }

    static func keys(_ events: [SessionEvent], _ keyID: UInt8) -> DataChannelKeys? {
        for case .keysReady(let id, let keys) in events where id.value == keyID { return keys }
        return nil
    }

    /// Every data key installed so far, oldest first.
    static func installed(_ events: [SessionEvent]) -> [DataChannelKeys] {
        events.compactMap { if case .keysReady(_, let keys) = $0 { return keys } else { return nil } }
    }

    static func closed(_ events: [SessionEvent]) -> String? {
        for case .closed(let reason) in events { return reason }
        return nil
    }
}
