// LinkSupervisor: the server links this server dials (the plan's `dials`), one LinkDialer per
// link that is up, run inside the server's own event loop (docs/tunnel-design.md, "Server
// links"). The links peers dial here are connections (Sessions). Either way, `.link(PEER)`
// routes leave through whichever end is up (DataPlaneEgress).
//
//   (state, event)                           ─▶ next state
//   idle,       attempt due                  ─▶ connecting: resolve, transport, hard reset
//   connecting, PUSH_REPLY with a peer id    ─▶ up (data flows once keys are installed)
//   connecting, silent 1.5 s / 10 s in all   ─▶ idle (lost)
//   up,         link_timeout of silence      ─▶ idle (lost); quiet for link_ping ─▶ ping
//   any,        refused, HALT/RESTART/EXIT,  ─▶ idle, retried after a capped exponential
//               closed, transport broke         backoff with jitter (250 ms doubling to 1 s;
//                                               30 s after a refusal)

import Foundation
import LanBundle
import LanCrypto
import LanDataPlane
import LanHost
import LanProfile
import LanProtocol
import LanValues
import LanWire

/// The dialling side of this server's links. Owned by the loop; not thread-safe.
final class LinkSupervisor {
    /// Poller tokens of dialers start here (far above the TCP streams' and observers' tokens).
    static let firstToken: UInt64 = 1 << 40

    let context: ServerContext
    let peers: PeerTable
    let dataPlane: DataPlane
    let poller: any EventPoller
    let bindUDP: (IPv4Endpoint) throws -> any DaemonSocket
    let connectTCP: (IPv4Endpoint) throws -> any DaemonStream
    let resolve: Resolver
    /// The dialers, in plan order, and by poller token.
    private(set) var dialers: [LinkDialer] = []
    private var byToken: [UInt64: LinkDialer] = [:]
    private var nextToken = LinkSupervisor.firstToken

    init(context: ServerContext, peers: PeerTable, dataPlane: DataPlane, host: ServerHost) throws {
        self.context = context
        self.peers = peers
        self.dataPlane = dataPlane
        poller = host.poller
        bindUDP = host.bindUDP
        connectTCP = host.connectTCP
        resolve = host.resolve
        let planned = try Self.plannedDialers(context.configuration)
        install(planned.map { fresh($0) })
    }

    /// The dialer registered with the poller as `token`.
    func dialer(token: UInt64) -> LinkDialer? { byToken[token] }

    /// A dialer like `template` with a poller token of its own.
    private func fresh(_ template: LinkDialer) -> LinkDialer {
        defer { nextToken += 1 }
        return LinkDialer(peer: template.peer, remotes: template.remotes, tls: template.tls, token: nextToken)
    }

    private func install(_ list: [LinkDialer]) {
        dialers = list
        byToken = Dictionary(uniqueKeysWithValues: list.map { ($0.token, $0) })
        peers.dialers = Dictionary(uniqueKeysWithValues: list.map { ($0.peer, $0) })
    }

    /// One dialer template per planned link that is up, each with a TLS context that accepts
    /// only its peer (their tokens are placeholders).
    static func plannedDialers(_ configuration: DaemonConfiguration) throws -> [LinkDialer] {
        var dialers: [LinkDialer] = []
        for dial in configuration.plan.dials where dial.up {
            var remotes: [LinkDialer.Remote] = []
            if dial.protocols.contains(.udp) {
                remotes.append(.init(host: dial.endpoint.host, port: dial.port, transport: .udp))
            }
            if dial.protocols.contains(.tcp) {
                remotes.append(.init(host: dial.endpoint.host, port: dial.tcpPort, transport: .tcp))
            }
            guard !remotes.isEmpty else {
                throw DaemonError(
                    "the plan's link to \(dial.peer) offers neither UDP nor TCP; bundle this server again")
            }
            let tls = try TLSContext(
                TLSConfiguration(
                    role: .client, authority: configuration.authority, certificate: configuration.certificate,
                    privateKey: configuration.key, crlPEM: configuration.crlPEM,
                    requiredPeerName: .exact(CertificateName.serverPrefix + dial.peer)))
            dialers.append(LinkDialer(peer: dial.peer, remotes: remotes, tls: tls, token: 0))
        }
        return dialers
    }

    /// The timers: starts due attempts, ends stalled ones, keeps up links alive, renegotiates
    /// keys used up by packets.
    func serviceTimers() {
        let now = context.now
        let keepalive = context.keepalive
        for dialer in dialers {
            if dialer.data.channel.needsNewKeys, dialer.session?.renegotiate(now: now) == true {
                context.log("link to \(dialer.peer): keys used up by packets; renegotiating")
            }
            switch dialer.state {
            case .idle:
                if dialer.redial.isDue(at: now) { startAttempt(dialer) }
            case .connecting(let since):
                pump(dialer)
                guard case .connecting = dialer.state else { continue }
                if !dialer.heardThisAttempt, now - since > LinkDialer.silentAttemptWindow {
                    lost(dialer, reason: "no answer within \(LinkDialer.silentAttemptWindow)")
                } else if now - since > LinkDialer.handshakeWindow {
                    lost(dialer, reason: "no PUSH_REPLY within \(LinkDialer.handshakeWindow)")
                }
            case .up:
                pump(dialer)
                guard case .up = dialer.state else { continue }
                if now - dialer.lastReceived > .seconds(keepalive.link_timeout) {
                    lost(dialer, reason: "nothing from \(dialer.peer) for \(keepalive.link_timeout) s")
                } else if dialer.isUp, now - dialer.lastSent > .seconds(keepalive.link_ping) {
                    dataPlane.send(DataChannelMessage.pingPayload, to: dialer.data)
                }
            }
        }
    }

    /// Opens a transport to the dialer's next remote and starts a client session on it.
    func startAttempt(_ dialer: LinkDialer) {
        dialer.redial.handle(.start, now: context.now, using: &context.generator)
        let remote = dialer.currentRemote
        guard let address = resolve(remote.host) else {
            return lost(dialer, reason: "cannot resolve \(remote.host)")
        }
        let endpoint = IPv4Endpoint(address: address, port: UInt16(remote.port))
        let now = context.now
        do {
            let link = try ServerLink(remote.transport, to: endpoint, bindUDP: bindUDP, connectTCP: connectTCP)
            let configuration = SessionConfiguration(
                role: .client, tls: dialer.tls, tlsCrypt: context.configuration.tlsCrypt,
                options: OCCOptionsString.client,
                peerInfo: PeerInfo.lanstitchClient(ciphers: context.configuration.settings.ciphers).text,
                unixTime: UInt32(context.clock.unixTime))
            let session = try ControlSession.client(
                configuration: configuration, localSessionID: .random(using: &context.generator), now: now)
            try poller.add(link.pollHandle, interest: .readable, token: dialer.token)
            dialer.link = link
            dialer.session = session
            dialer.endDataChannel()
            dialer.heardThisAttempt = false
            dialer.lastReceived = now
            pump(dialer)
        } catch {
            lost(dialer, reason: "\(remote.transport.rawValue) \(endpoint): \(error)")
        }
    }

    /// Reads what the dialer's transport holds: control packets to its session, data to the
    /// data plane.
    func receive(_ dialer: LinkDialer) {
        guard let link = dialer.link, let session = dialer.session else { return }
        do {
            try link.receive(into: dataPlane.received) { bytes in
                guard let first = bytes.first else { return }
                if first >> 3 == Opcode.dataV2.rawValue {
                    dataPlane.receiveLinkData(bytes, from: dialer.data, name: dialer.peer)
                } else if (try? session.receive(Array(bytes), now: context.now)) != nil {
                    dialer.lastReceived = context.now
                    dialer.heardThisAttempt = true
                } else {
                    context.counters.drop("link: control packet refused")
                }
            }
        } catch {
            return lost(dialer, reason: "\(error)")
        }
        pump(dialer)
    }

    /// Sends the dialer's control packets and acts on its session's events.
    func pump(_ dialer: LinkDialer) {
        guard let session = dialer.session, let link = dialer.link else { return }
        for _ in 0..<2 {
            for packet in session.poll(now: context.now) {
                dialer.outgoing.append(packet, endpoint: link.server)
                dialer.lastSent = context.now
            }
            let events = session.takeEvents()
            if events.isEmpty { break }
            for event in events {
                handle(event, of: dialer)
                if dialer.session !== session { return }
            }
        }
    }

    func handle(_ event: SessionEvent, of dialer: LinkDialer) {
        let now = context.now
        switch event {
        case .configured(let reply):
            guard let peerID = reply.peerID else { return lost(dialer, reason: "\(dialer.peer) pushed no peer-id") }
            dialer.startDataChannel(peerID: peerID, renegotiationPacketID: context.renegotiationPacketID)
            dialer.cipher = reply.cipher
            dialer.redial.handle(.configured, now: now, using: &context.generator)
            dialer.failureLogged = nil
            dialer.lastError = nil
            context.events.log(
                .info, "link-up",
                "link to \(dialer.peer) up (\(dialer.currentRemote.transport.rawValue) \(dialer.link.map { "\($0.server)" } ?? "?"), cipher \(reply.cipher ?? "?"))",
                dialer)
        case .keysReady(let id, let keys):
            dialer.keysInstalled += 1
            guard dialer.hasDataChannel else { break }
            do { try dialer.data.channel.install(id, keys, now: now) } catch { lost(dialer, reason: "keys: \(error)") }
        case .keysRetired(let id):
            if dialer.hasDataChannel { dialer.data.channel.retire(id) }
        case .message(.halt(let text)), .message(.restart(let text)):
            lost(dialer, reason: "\(dialer.peer) asked to reconnect\(text.map { ": \($0)" } ?? "")")
        case .message(.exit):
            lost(dialer, reason: "\(dialer.peer) said EXIT")
        case .closed(let reason):
            lost(dialer, reason: reason)
        case .message, .peerAuthenticated:
            break
        }
    }

    /// The transport of the link to `peer` broke while the data plane sent on it.
    func broken(_ peer: String, reason: String) {
        guard let dialer = peers.dialers[peer], dialer.link != nil else { return }
        lost(dialer, reason: reason)
    }

    /// Ends the dialer's current attempt or link and schedules the next one.
    func lost(_ dialer: LinkDialer, reason: String) {
        let now = context.now
        let wasUp: Bool
        if case .up = dialer.state { wasUp = true } else { wasUp = false }
        if let link = dialer.link {
            try? link.send(dialer.outgoing)
            try? poller.remove(link.pollHandle)
            link.close()
        }
        dialer.outgoing.removeAll()
        dialer.link = nil
        dialer.session = nil
        dialer.endDataChannel()
        dialer.redial.handle(.failed(refused: reason.hasPrefix("AUTH_FAILED")), now: now, using: &context.generator)
        var pause = Duration.zero
        if case .idle(let due) = dialer.state { pause = due - now }
        context.counters.linkFailures += 1
        dialer.changed = now
        dialer.lastError = reason
        // Every loss and first failure is a change; a peer that stays down is said every 30 s,
        // its other retries at debug level.
        let said = wasUp || dialer.failureLogged.map({ now - $0 >= LinkDialer.failureLogInterval }) ?? true
        if said { dialer.failureLogged = now }
        let attempts = dialer.failures > 1 ? " (\(dialer.failures) attempts)" : ""
        let seconds =
            Double(pause.components.attoseconds / 100_000_000_000_000_000) / 10
            + Double(pause.components.seconds)
        context.events.log(
            wasUp ? .warning : said ? .notice : .debug, wasUp ? "link-lost" : "link-failed",
            "link to \(dialer.peer) \(wasUp ? "lost" : "failed")\(attempts): \(reason); retrying in \(String(format: "%.1f", seconds)) s",
            dialer)
    }

    /// Closes a dialer's link for good: EXIT to the peer when up (best effort), then the transport.
    func retire(_ dialer: LinkDialer) {
        if let session = dialer.session, dialer.isUp {
            try? session.send(text: "EXIT")
            pump(dialer)
        }
        dataPlane.flush(dialer, of: dialer.data)
        if let link = dialer.link {
            try? poller.remove(link.pollHandle)
            link.close()
        }
        dialer.link = nil
        dialer.session = nil
    }

    /// Every link closed (at exit).
    func closeAll() { for dialer in dialers { retire(dialer) } }

    /// After a reload: dialers the plan dropped or changed stop, new ones start; a dialer whose
    /// link is unchanged keeps running (with the renewed TLS context for its next attempt).
    func reload(from old: DaemonConfiguration) {
        let configuration = context.configuration
        // A new certificate or CA ends every link; a new CRL only applies to the next attempt
        // (the peers are servers of this LAN, which the CRL does not list).
        let sameIdentity =
            (try? old.certificate.pem()) == (try? configuration.certificate.pem())
            && (try? old.authority.pem()) == (try? configuration.authority.pem())
        let planned = (try? Self.plannedDialers(configuration)) ?? []
        let oldDials = Dictionary(old.plan.dials.filter(\.up).map { ($0.peer, $0) }, uniquingKeysWith: { a, _ in a })
        var kept: [LinkDialer] = []
        for dialer in dialers {
            let dial = configuration.plan.dials.first { $0.peer == dialer.peer && $0.up }
            if sameIdentity, let dial, dial == oldDials[dialer.peer] {
                if let renewed = planned.first(where: { $0.peer == dialer.peer }) { dialer.tls = renewed.tls }
                kept.append(dialer)
            } else {
                retire(dialer)
                context.log("link to \(dialer.peer): no longer in the plan as it was; closed")
            }
        }
        let keptPeers = Set(kept.map(\.peer))
        for template in planned where !keptPeers.contains(template.peer) {
            kept.append(fresh(template))
            context.log("link to \(template.peer): new in the plan; dialling")
        }
        install(kept)
    }
}
