// ServerDaemon's server links (docs/tunnel-design.md, "Server links"): the links this server
// dials (LinkDialer, one per `plan.dials` entry that is up) and the ones peers dial here
// (accepted in ServerDaemon+Control.swift as a `Connection` with `linkPeer`). Either way,
// `.link(PEER)` routes leave through whichever end is up.
//
//   timers ─▶ each dialer: attempt when due · give up an attempt after 1.5 s without an answer
//             (10 s once answered) · keepalive every link_ping · lost after link_timeout of
//             silence ─▶ backoff 250 ms doubling to 1 s, with jitter
//   dialer socket readable ─▶ control ─▶ its ControlSession ─▶ PUSH_REPLY: up
//                          ─▶ P_DATA_V2 ─▶ open in place ─▶ source must be behind a link ─▶ forward
//   forward(.link(PEER)) ─▶ sendOverLink ─▶ the accepted connection, else the dialer

import Foundation
import LanBundle
import LanCrypto
import LanForwarding
import LanHost
import LanPlan
import LanProtocol
import LanValues
import LanWire

extension ServerDaemon {
    /// Poller tokens of dialers start here (far above the TCP streams' tokens).
    static let firstDialerToken: UInt64 = 1 << 40

    /// One dialer per planned link that is up, each with a TLS context that accepts only its peer.
    static func makeDialers(_ configuration: DaemonConfiguration) throws -> [LinkDialer] {
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
            let token = firstDialerToken + UInt64(dialers.count)
            dialers.append(LinkDialer(peer: dial.peer, remotes: remotes, tls: tls, token: token))
        }
        return dialers
    }

    /// Starts due attempts, ends stalled ones, and keeps up links alive.
    func serviceDialers() {
        for dialer in dialers {
            if dialer.data?.needsNewKeys == true, dialer.session?.renegotiate(now: now) == true {
                log("link to \(dialer.peer): keys used up by packets; renegotiating")
            }
            switch dialer.state {
            case .idle(let due):
                if now >= due { startAttempt(dialer) }
            case .connecting(let since):
                pumpDialer(dialer)
                guard case .connecting = dialer.state else { continue }
                if !dialer.heardThisAttempt, now - since > LinkDialer.silentAttemptWindow {
                    linkLost(dialer, reason: "no answer within \(LinkDialer.silentAttemptWindow)")
                } else if now - since > LinkDialer.handshakeWindow {
                    linkLost(dialer, reason: "no PUSH_REPLY within \(LinkDialer.handshakeWindow)")
                }
            case .up:
                pumpDialer(dialer)
                guard case .up = dialer.state else { continue }
                let keepalive = configuration.keepalive
                if now - dialer.lastReceived > .seconds(keepalive.link_timeout) {
                    linkLost(dialer, reason: "nothing from \(dialer.peer) for \(keepalive.link_timeout) s")
                } else if dialer.isUp, now - dialer.lastSent > .seconds(keepalive.link_ping) {
                    DataChannelMessage.pingPayload.withUnsafeBytes { _ = seal($0, for: dialer) }
                }
            }
        }
    }

    /// Opens a socket to the dialer's next remote and starts a client session on it.
    func startAttempt(_ dialer: LinkDialer) {
        let remote = dialer.remotes[dialer.nextRemote % dialer.remotes.count]
        dialer.nextRemote += 1
        guard let address = resolve(remote.host) else {
            return linkLost(dialer, reason: "cannot resolve \(remote.host)")
        }
        let endpoint = IPv4Endpoint(address: address, port: UInt16(remote.port))
        do {
            let link = try ServerLink(remote.transport, to: endpoint, bindUDP: bindUDP, connectTCP: connectTCP)
            let configuration = SessionConfiguration(
                role: .client, tls: dialer.tls, tlsCrypt: configuration.tlsCrypt, options: OCCOptionsString.client,
                peerInfo: PeerInfo.lanstitchClient(ciphers: configuration.settings.ciphers).text,
                unixTime: UInt32(clock.unixTime))
            let session = try ControlSession.client(
                configuration: configuration, localSessionID: .random(using: &generator), now: now)
            try poller.add(link.pollHandle, interest: .readable, token: dialer.token)
            dialer.link = link
            dialer.session = session
            dialer.data = nil
            dialer.state = .connecting(since: now)
            dialer.heardThisAttempt = false
            dialer.lastReceived = now
            pumpDialer(dialer)
        } catch {
            linkLost(dialer, reason: "\(remote.transport.rawValue) \(endpoint): \(error)")
        }
    }

    /// Reads what the dialer's socket holds: control packets to its session, data to forward.
    func receiveFromDialer(_ dialer: LinkDialer) {
        guard let link = dialer.link, let session = dialer.session else { return }
        do {
            try link.receive(into: received) { bytes in
                guard let first = bytes.first else { return }
                if first >> 3 == Opcode.dataV2.rawValue {
                    receiveLinkData(bytes, from: dialer)
                } else if (try? session.receive(Array(bytes), now: now)) != nil {
                    dialer.lastReceived = now
                    dialer.heardThisAttempt = true
                } else {
                    counters.drop("link: control packet refused")
                }
            }
        } catch {
            return linkLost(dialer, reason: "\(error)")
        }
        pumpDialer(dialer)
    }

    func receiveLinkData(_ bytes: UnsafeMutableRawBufferPointer, from dialer: LinkDialer) {
        guard let data = dialer.data, bytes.count > DataChannel.overhead else {
            return counters.drop("link: data before keys")
        }
        do {
            guard case .success = try data.open(bytes, nowSeconds: UInt64(max(0, now.milliseconds / 1000))) else {
                return counters.drop("link: data failed authentication or replay")
            }
        } catch {
            return counters.drop("link: data failed authentication or replay")
        }
        dialer.lastReceived = now
        let payload = UnsafeMutableRawBufferPointer(rebasing: bytes[DataChannel.overhead...])
        dialer.counters.packetsIn += 1
        dialer.counters.bytesIn += payload.count
        receiveFromLink(payload, peer: dialer.peer)
    }

    /// A decrypted packet that came over the link to `peer` (either end): pings end here; an IP
    /// packet must come from an address the plan routes over a link, then it is forwarded.
    /// Any link, not only this one: equal-cost paths may differ per direction.
    func receiveFromLink(_ payload: UnsafeMutableRawBufferPointer, peer: String) {
        if receiveProbe(payload, peer: peer) { return }
        if payload.elementsEqual(DataChannelMessage.pingPayload) { return }
        if payload.count >= 16, payload.prefix(16).elementsEqual(DataChannelMessage.occMagic) { return }
        if LinkStateAdvertisement.isAdvertisement(UnsafeRawBufferPointer(payload)) {
            return receiveAdvertisement(UnsafeRawBufferPointer(payload), from: peer)
        }
        guard let packet = try? IPv4Packet(payload) else { return counters.drop("link: not an IPv4 packet") }
        guard case .link? = routes.lookup(packet.source) else {
            return counters.drop("link: source is not behind a server link")
        }
        if relayIfBroadcast(packet, member: nil, link: peer) { return }
        forward(packet, fromTun: false)
    }

    /// Sends the dialer's control packets and acts on its session's events.
    func pumpDialer(_ dialer: LinkDialer) {
        guard let session = dialer.session, let link = dialer.link else { return }
        for _ in 0..<2 {
            for packet in session.poll(now: now) {
                dialer.outgoing.append(packet, endpoint: link.server)
                dialer.lastSent = now
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
        switch event {
        case .configured(let reply):
            guard let peerID = reply.peerID else {
                return linkLost(dialer, reason: "\(dialer.peer) pushed no peer-id")
            }
            dialer.data = DataChannel(peerID: peerID, renegotiationPacketID: renegotiationPacketID)
            dialer.cipher = reply.cipher
            dialer.state = .up(since: now)
            dialer.failures = 0
            dialer.failureLogged = nil
            dialer.lastError = nil
            logEvent(
                .info, "link-up",
                "link to \(dialer.peer) up (\(dialer.currentRemote.transport.rawValue) \(dialer.link.map { "\($0.server)" } ?? "?"), cipher \(reply.cipher ?? "?"))",
                dialer)
            dialer.nextRemote -= 1  // Reconnect the same way first.
        case .keysReady(let id, let keys):
            dialer.keysInstalled += 1
            do { try dialer.data?.install(id, keys, now: now) } catch {
                linkLost(dialer, reason: "keys: \(error)")
            }
        case .keysRetired(let id):
            dialer.data?.retire(id)
        case .message(.halt(let text)), .message(.restart(let text)):
            linkLost(dialer, reason: "\(dialer.peer) asked to reconnect\(text.map { ": \($0)" } ?? "")")
        case .message(.exit):
            linkLost(dialer, reason: "\(dialer.peer) said EXIT")
        case .closed(let reason):
            linkLost(dialer, reason: reason)
        case .message, .peerAuthenticated:
            break
        }
    }

    /// Ends the dialer's current attempt or link and schedules the next one.
    func linkLost(_ dialer: LinkDialer, reason: String) {
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
        dialer.data = nil
        dialer.failures += 1
        let refused = reason.hasPrefix("AUTH_FAILED")
        let pause = LinkDialer.backoff(
            afterFailures: dialer.failures, ceiling: refused ? LinkDialer.refusedCeiling : LinkDialer.retryCeiling,
            using: &generator)
        dialer.state = .idle(until: now + pause)
        counters.linkFailures += 1
        dialer.changed = now
        dialer.lastError = reason
        // Every loss and first failure is a change; a peer that stays down is said every 30 s,
        // its other retries at debug level.
        let said = wasUp || dialer.failureLogged.map({ now - $0 >= LinkDialer.failureLogInterval }) ?? true
        if said { dialer.failureLogged = now }
        let attempts = dialer.failures > 1 ? " (\(dialer.failures) attempts)" : ""
        logEvent(
            wasUp ? .warning : said ? .notice : .debug, wasUp ? "link-lost" : "link-failed",
            "link to \(dialer.peer) \(wasUp ? "lost" : "failed")\(attempts): \(reason); retrying in \(String(format: "%.1f", Double(pause.components.attoseconds / 100_000_000_000_000_000) / 10 + Double(pause.components.seconds))) s",
            dialer)
    }

    /// Seals `plaintext` into the dialer's outgoing batch; false when it could not.
    func seal(_ plaintext: UnsafeRawBufferPointer, for dialer: LinkDialer) -> Bool {
        if dialer.outgoing.count == dialer.outgoing.capacity { flush(dialer) }
        guard let data = dialer.data, let link = dialer.link else { return false }
        guard dialer.outgoing.append(plaintext, endpoint: link.server) else { return false }
        let index = dialer.outgoing.count - 1
        _ = dialer.outgoing.prepend(DataChannel.overhead, at: index)
        guard (try? data.seal(dialer.outgoing.bytes(at: index), now: now)) == true else {
            dialer.outgoing.count -= 1
            return false
        }
        dialer.lastSent = now
        dialer.counters.packetsOut += 1
        dialer.counters.bytesOut += plaintext.count
        return true
    }

    /// Sends `plaintext` over the link to `peer`: the connection the peer dialled in, else the
    /// one this server dialled. False when neither is up.
    func sendOverLink(_ plaintext: UnsafeRawBufferPointer, to peer: String) -> Bool {
        if let connection = acceptedLinks[peer], connection.data.isReady {
            sendData(plaintext, to: connection)
            return true
        }
        if let dialer = dialersByPeer[peer], dialer.isUp { return seal(plaintext, for: dialer) }
        return false
    }

    func flush(_ dialer: LinkDialer) {
        guard let link = dialer.link else { return dialer.outgoing.removeAll() }
        do { try link.send(dialer.outgoing) } catch { linkLost(dialer, reason: "\(error)") }
    }

    func flushDialers() {
        for dialer in dialers where dialer.outgoing.count > 0 || dialer.link?.hasPendingBytes == true {
            flush(dialer)
        }
    }

    /// Tells every up link's peer that this end is going away (best effort), then closes them.
    func closeDialers() {
        for dialer in dialers {
            if let session = dialer.session, dialer.isUp {
                try? session.send(text: "EXIT")
                pumpDialer(dialer)
            }
            flush(dialer)
            if let link = dialer.link { link.close() }
        }
    }
}
