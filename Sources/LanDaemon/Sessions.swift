// Sessions: the server's control side — the front door (an authentic hard reset is answered
// statelessly; only a verified cookie creates a connection), each connection's control session, what its events mean (admit the peer with
// the pure Admission decision, install or retire keys, close), and the connections' timers:
// renegotiation, keepalive pings and ping-restart (§9.3).
//
//   control packet ─▶ connection on that transport? ─▶ its session; over UDP, what it refuses
//                     goes to the front door too (a restarted client proves its new session)
//                  ─▶ UDP: FrontDoor ─▶ hard reset: budget ─▶ stateless reply (no state)
//                                    ─▶ cookie proof ─▶ half-open cap ─▶ ControlSession.restored
//                  ─▶ TCP: FrontDoor ─▶ half-open cap ─▶ ControlSession.server ─▶ PeerTable
//   session events ─▶ peerAuthenticated ─▶ Admission.decide ─▶ accept (member or link) | refuse
//                  ─▶ keysReady/keysRetired ─▶ the data channel · EXIT, closed ─▶ close
//   timers ─▶ keys used up by packets ─▶ renegotiate · ping when quiet · ping-restart

import LanBundle
import LanCrypto
import LanDataPlane
import LanHost
import LanProtocol
import LanValues
import LanWire
import Logging

/// The connections' control sessions. Owned by the loop; not thread-safe.
final class Sessions {
    let context: ServerContext
    let peers: PeerTable
    let dataPlane: DataPlane
    let streams: StreamTransport
    let observation: Observation
    private(set) var frontDoor: FrontDoor
    /// The stateless start's cookies and reply budgets: kept across reloads.
    let cookie: ResetCookie
    let budget: FrontDoorBudget
    private(set) var sessionConfiguration: SessionConfiguration

    init(
        context: ServerContext, peers: PeerTable, dataPlane: DataPlane, streams: StreamTransport,
        observation: Observation, tls: TLSContext
    ) throws {
        self.context = context
        self.peers = peers
        self.dataPlane = dataPlane
        self.streams = streams
        self.observation = observation
        frontDoor = try FrontDoor(staticKey: context.configuration.tlsCrypt)
        cookie = try ResetCookie(using: &context.generator)
        budget = FrontDoorBudget(now: context.now)
        sessionConfiguration = Self.sessionConfiguration(context, tls: tls)
    }

    static func sessionConfiguration(_ context: ServerContext, tls: TLSContext) -> SessionConfiguration {
        SessionConfiguration(
            role: .server, tls: tls, tlsCrypt: context.configuration.tlsCrypt, options: OCCOptionsString.server,
            renegotiateAfter: context.keyLifetime, unixTime: UInt32(context.clock.unixTime))
    }

    /// New sessions use `tls` and the configuration's tls-crypt key (a reload).
    func renew(tls: TLSContext, frontDoor: FrontDoor) {
        self.frontDoor = frontDoor
        sessionConfiguration = Self.sessionConfiguration(context, tls: tls)
    }

    /// A control packet from `transport` (a UDP datagram or one TCP frame).
    func receiveControl(_ bytes: [UInt8], via transport: Transport) {
        let now = context.now
        if let connection = peers.connection(on: transport) {
            do {
                try connection.session.receive(bytes, now: now)
                connection.lastReceived = now
            } catch {
                guard case .udp(let endpoint) = transport else {
                    // The stream proves its source: a new hard reset on it is a restarted client,
                    // which dials anew once the stream closes with its connection.
                    if frontDoor.isNewSession(bytes, replacing: connection.session.remoteSessionID) {
                        return close(connection, reason: "the client started a new session")
                    }
                    return context.counters.drop("control: \(error)")
                }
                // Anyone can send from a live peer's address: the session stays, and the packet
                // may only start a new one through the cookie (Sessions+FrontDoor.swift).
                return knock(bytes, from: endpoint, live: connection, refused: error)
            }
            return pump(connection)
        }
        switch transport {
        case .udp(let endpoint): knock(bytes, from: endpoint, live: nil, refused: nil)
        case .tcp: openStream(bytes, via: transport)
        }
    }

    /// Sends what the session has to send and acts on its events.
    func pump(_ connection: Connection) {
        for round in 0..<2 {
            for packet in connection.session.poll(now: context.now) { dataPlane.transmit(packet, to: connection.data) }
            let events = connection.session.takeEvents()
            if events.isEmpty, round > 0 { break }
            for event in events { handle(event, of: connection) }
        }
    }

    func handle(_ event: SessionEvent, of connection: Connection) {
        switch event {
        case .peerAuthenticated(let name, let peerInfo, let options):
            admit(connection, name: name, peerInfo: peerInfo, options: options)
        case .keysReady(let id, let keys):
            do { try connection.data.channel.install(id, keys, now: context.now) } catch {
                close(connection, reason: "keys: \(error)")
            }
            if id != .initial {
                let message = "\(connection.commonName ?? "client") renegotiated: data keys of key \(id.value)"
                context.events.log(.info, "rekey", message, connection, ["key": "\(id.value)"])
            }
        case .keysRetired(let id):
            connection.data.channel.retire(id)
        case .message(.exit):
            close(connection, reason: "the client said EXIT")
        case .message, .configured:
            break
        case .closed(let reason):
            close(connection, reason: reason)
        }
    }

    /// Acts on the Admission decision for the peer that authenticated as `name`.
    func admit(_ connection: Connection, name: String, peerInfo: PeerInfo, options: String) {
        let admission = Admission(
            configuration: context.configuration, pools: context.plan.pools,
            relayNetwork: dataPlane.broadcastRelay?.network)
        let decision = admission.decide(
            name: name, peerInfo: peerInfo, options: options, peerID: connection.peerID,
            origin: "\(connection.transport)")
        let now = context.now
        switch decision {
        case .refuse(let reason, let message, let peer):
            context.counters.handshakesRefused += 1
            context.events.log(.warning, "refuse", message, connection, peer.map { ["peer": "\($0)"] } ?? [:])
            connection.session.refuse(reason: reason, now: now)
        case .member(let address, let push, let cipher, let cipherName, let fastKeepalive):
            if let previous = peers.byAddress[address], previous !== connection {
                close(previous, reason: "\(name) connected again")
            }
            connection.commonName = name
            connection.acceptedAt = now
            connection.cipher = cipherName
            connection.fastKeepalive = fastKeepalive
            connection.data.framing = push.compression ?? .none
            peers.bind(connection, member: address)
            connection.session.accept(push: push, cipher: cipher, now: now)
            context.counters.handshakesAccepted += 1
            context.events.log(
                .info, "connect", "\(name) connected from \(connection.transport) as \(address), cipher \(cipherName)",
                connection, ["address": "\(address)", "cipher": "\(cipherName)"])
        case .link(let peer, let push, let cipher, let cipherName):
            if let previous = peers.acceptedLinks[peer], previous !== connection {
                close(previous, reason: "\(peer) dialled again")
            }
            connection.commonName = CertificateName.serverPrefix + peer
            connection.acceptedAt = now
            connection.cipher = cipherName
            peers.bind(connection, link: peer)
            connection.session.accept(push: push, cipher: cipher, now: now)
            context.counters.handshakesAccepted += 1
            context.events.log(
                .info, "link-up", "link from \(peer) accepted from \(connection.transport), cipher \(cipherName)",
                connection, ["direction": "accepts", "cipher": "\(cipherName)"])
        }
    }

    /// Forgets `connection` (once); a TCP connection's stream closes with it.
    func close(_ connection: Connection, reason: String) {
        let wasLink = connection.linkPeer.map { peers.acceptedLinks[$0] === connection } ?? false
        guard peers.remove(connection) else { return }
        if case .tcp(let peer) = connection.transport { streams.close(peer) }
        if wasLink, let peer = connection.linkPeer { observation.acceptedLinkEnded[peer] = (context.now, reason) }
        context.counters.sessionsClosed += 1
        context.events.log(
            connection.address == nil && connection.linkPeer == nil ? .notice : .info, "disconnect",
            "\(connection.commonName ?? "client") at \(connection.transport) disconnected: \(reason)", connection,
            ["reason": "\(reason)"])
    }

    /// A stream that ended while it carried a connection: the connection goes, and the stream with it.
    func streamEnded(_ peer: TCPPeer, reason: String) {
        if let connection = peer.connection { close(connection, reason: reason) } else { streams.close(peer) }
    }

    /// The connections' timers: renegotiation by packets, keepalive pings, ping-restart (§9.3).
    func serviceTimers() {
        let now = context.now
        let keepalive = context.keepalive
        for connection in peers.connections {
            // A key near its last packet id is renegotiated now, whatever its age.
            if connection.data.channel.needsNewKeys, connection.session.renegotiate(now: now) {
                context.events.log(.info, "renegotiate", "keys used up by packets; renegotiating", connection)
            }
            pump(connection)
            guard connection.data.isReady else { continue }
            // Links: the LAN's own keepalive. Members: ping as often as they are told to, and
            // give up after twice their ping-restart (OpenVPN's server default).
            let isLink = connection.linkPeer != nil || connection.fastKeepalive
            let timeout = isLink ? keepalive.link_timeout : 2 * keepalive.client_timeout
            let ping = isLink ? keepalive.link_ping : keepalive.client_ping
            if now - connection.lastReceived > .seconds(timeout) {
                close(connection, reason: "no packet for \(timeout) s (ping-restart)")
            } else if now - connection.lastSent > .seconds(ping) {
                dataPlane.send(DataChannelMessage.pingPayload, to: connection.data)
            }
        }
    }

    /// Sends `text` (RESTART, HALT…) to `connection` now, then closes it with `reason` when given.
    func tell(_ connection: Connection, _ text: String, closing reason: String? = nil) {
        try? connection.session.send(text: text)
        pump(connection)
        if let reason { close(connection, reason: reason) }
    }
}
