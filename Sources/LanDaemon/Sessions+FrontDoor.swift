// Sessions+FrontDoor: the front door's decisions acted on — a UDP packet no session took is
// answered statelessly (a hard reset, within the budget, with a reply no larger than it), or
// restores a session (a verified cookie, within the half-open cap), or is dropped and counted
// by reason. A live session at the same endpoint is replaced only by a verified cookie for a
// different client session id: a replayed or forged reset never disturbs it. TCP streams prove
// their source, so a hard reset on one opens a session at once (within the cap).

import LanProtocol
import LanValues
import LanWire

extension Sessions {
    /// A UDP packet that no session took: from a source with no session, or refused by the live
    /// session at `endpoint` (`refused` says why; its reason is the one counted when the packet
    /// is no business of the front door's either).
    func knock(_ bytes: [UInt8], from endpoint: IPv4Endpoint, live: Connection?, refused: ControlDrop?) {
        let liveID = live?.session.remoteSessionID
        func drop(_ reason: String) { context.counters.drop(refused.map { "control: \($0)" } ?? reason) }
        switch frontDoor.classify(bytes) {
        case .drop(let reason):
            drop(reason)
        case .hardReset(let packet, _):
            // The live client's own reset again (a replay: its session refused it) is not news.
            guard packet.sessionID != liveID else { return drop("front door: the live session's reset") }
            answer(packet, requestBytes: bytes.count, to: endpoint)
        case .proof(let packet, let packetID, let claimed):
            guard packet.sessionID != liveID else { return drop("front door: the live session's packet") }
            guard cookie.verifies(claimed, for: endpoint, client: packet.sessionID, now: context.now) else {
                return context.counters.drop("front door: cookie did not verify")
            }
            restore(packet, packetID: packetID, cookie: claimed, at: endpoint, replacing: live)
        }
    }

    /// Answers a first hard reset with a cookie, keeping nothing, when the budget allows.
    func answer(_ reset: ControlPacket, requestBytes: Int, to endpoint: IPv4Endpoint) {
        let now = context.now
        context.counters.frontDoorResets += 1
        context.counters.frontDoorResetBytes += requestBytes
        if let reason = budget.admitReply(to: endpoint, client: reset.sessionID, now: now) {
            return context.counters.drop(reason)
        }
        let cookie = cookie.sessionID(for: endpoint, client: reset.sessionID, now: now)
        let replayID = StatelessReset.replayID(at: now, time: sessionConfiguration.unixTime)
        guard let reply = try? StatelessReset.reply(cookie: cookie, replayID: replayID, crypt: frontDoor.tlsCrypt)
        else { return context.counters.drop("front door: the reply could not be sealed") }
        // Never more bytes to an unverified source than it sent (by construction a reply is as
        // long as the shortest authentic reset; this holds it should that ever change).
        guard reply.count <= requestBytes else {
            return context.counters.drop("front door: the reply would be larger than the reset")
        }
        dataPlane.transmit(reply, toUDP: endpoint)
        context.counters.frontDoorReplies += 1
        context.counters.frontDoorReplyBytes += reply.count
    }

    /// Creates the session a verified cookie proves, replacing `live` (the same endpoint's old
    /// session: the client restarted) only now that it proved itself.
    func restore(
        _ proof: ControlPacket, packetID: PacketID, cookie: SessionID, at endpoint: IPv4Endpoint,
        replacing live: Connection?
    ) {
        let now = context.now
        guard halfOpenCount < budget.limits.halfOpen else {
            return context.counters.drop("front door: too many half-open sessions")
        }
        guard let peerID = peers.allocatePeerID(),
            let session = try? ControlSession.restored(
                configuration: sessionConfiguration, cookie: cookie, proof: proof, packetID: packetID,
                firstReplayID: StatelessReset.firstSessionReplayID(at: now), now: now)
        else { return context.counters.drop("front door: no session could be made") }
        if let live { close(live, reason: "the client at \(endpoint) proved a new session") }
        context.counters.frontDoorCookiesVerified += 1
        open(
            Connection(
                transport: .udp(endpoint), session: session, peerID: peerID, now: now,
                renegotiationPacketID: context.renegotiationPacketID))
    }

    /// A hard reset on a TCP stream with no session: the stream proves its source.
    func openStream(_ bytes: [UInt8], via transport: Transport) {
        guard let (packet, packetID) = frontDoor.hardReset(bytes) else {
            return context.counters.drop("front door: not an authentic hard reset")
        }
        guard halfOpenCount < budget.limits.halfOpen else {
            return context.counters.drop("front door: too many half-open sessions")
        }
        guard let peerID = peers.allocatePeerID(),
            let session = try? ControlSession.server(
                configuration: sessionConfiguration, localSessionID: .random(using: &context.generator),
                first: packet, packetID: packetID, now: context.now)
        else { return context.counters.drop("front door: no session could be made") }
        open(
            Connection(
                transport: transport, session: session, peerID: peerID, now: context.now,
                renegotiationPacketID: context.renegotiationPacketID))
    }

    func open(_ connection: Connection) {
        peers.insert(connection)
        context.counters.sessionsOpened += 1
        pump(connection)
    }

    /// Sessions not accepted yet: TLS or key-method still under way.
    var halfOpenCount: Int { peers.connections.count { $0.acceptedAt == nil } }
}
