// ControlSession: one OpenVPN connection's control channel, sans I/O — bytes and time in,
// wire packets and SessionEvents out (docs/tunnel-design.md). It owns the session ids, the
// tls-crypt framing and up to two key states: the primary and, after a renegotiation, the
// lame duck whose data keys stay valid through the transition window (§10).
//
// Driving it: `receive(bytes, now:)` for each packet of this connection, `poll(now:)` for
// the packets to send (call it after every receive and at `nextWakeup`), `takeEvents()`.

import LanCrypto
import LanValues
import LanWire

/// The control channel of one connection.
public final class ControlSession {
    public let configuration: SessionConfiguration
    public let localSessionID: SessionID
    public private(set) var remoteSessionID: SessionID?
    var framing: TLSCryptFraming
    var primary: KeyState?
    var lameDuck: (state: KeyState, expires: Timestamp)?
    var events: [SessionEvent] = []
    var isClosed = false
    // Server side.
    var accepted: (push: PushReply, cipher: AEADCipher)?
    var authenticatedName: String?
    var closeAfterFlush: String?
    // Client side.
    var assembler = PushReplyAssembler()
    var pushed: PushReply?
    var nextPushRequest: Timestamp?
    var cipher: AEADCipher?

    init(configuration: SessionConfiguration, localSessionID: SessionID, firstReplayID: UInt32 = 1) throws {
        self.configuration = configuration
        self.localSessionID = localSessionID
        framing = try TLSCryptFraming(
            staticKey: configuration.tlsCrypt, role: configuration.role, unixTime: configuration.unixTime,
            firstReplayID: firstReplayID)
    }

    /// The peer's certificate from the current key's TLS session (nil before the handshake), so
    /// a server can check a live peer against a new CRL.
    public var peerCertificate: Certificate? { primary?.tls.peerCertificate }

    /// A client session; sends its hard reset on the first `poll`.
    public static func client(configuration: SessionConfiguration, localSessionID: SessionID, now: Timestamp) throws
        -> ControlSession
    {
        let session = try ControlSession(configuration: configuration, localSessionID: localSessionID)
        session.primary = try session.makeKeyState(.initial, reset: .controlHardResetClientV2, now: now)
        return session
    }

    /// A server session for a client whose hard reset (`first`, with replay id `packetID`,
    /// already authenticated by the front door) just arrived.
    public static func server(
        configuration: SessionConfiguration, localSessionID: SessionID, first: ControlPacket, packetID: PacketID,
        now: Timestamp
    ) throws -> ControlSession {
        let session = try ControlSession(configuration: configuration, localSessionID: localSessionID)
        _ = session.framing.admit(packetID, nowSeconds: UInt64(max(0, now.milliseconds / 1000)))
        session.remoteSessionID = first.sessionID
        session.primary = try session.makeKeyState(.initial, reset: .controlHardResetServerV2, now: now)
        session.dispatch(first, now: now)
        return session
    }

    /// A server session for a client whose answer to a stateless reply (`proof`, with replay id
    /// `packetID`, already authenticated and its cookie verified by the front door) just
    /// arrived. It continues as if it had received the client's hard reset (msg-id 0, whose
    /// ACK it owes and sends at once) and sent the reply (msg-id 0, ACKed by `proof`, with
    /// `cookie` as our session id): our next msg-id is 1, the client's next is 1, and our next
    /// replay id is `firstReplayID` (StatelessReset.firstSessionReplayID).
    public static func restored(
        configuration: SessionConfiguration, cookie: SessionID, proof: ControlPacket, packetID: PacketID,
        firstReplayID: UInt32, now: Timestamp
    ) throws -> ControlSession {
        let session = try ControlSession(
            configuration: configuration, localSessionID: cookie, firstReplayID: firstReplayID)
        _ = session.framing.admit(packetID, nowSeconds: UInt64(max(0, now.milliseconds / 1000)))
        session.remoteSessionID = proof.sessionID
        session.primary = try session.makeKeyState(.initial, reset: .controlHardResetServerV2, now: now, restored: true)
        session.dispatch(proof, now: now)
        return session
    }

    /// A key state; `restored` for one whose resets were exchanged statelessly.
    func makeKeyState(_ keyID: KeyID, reset: Opcode, now: Timestamp, restored: Bool = false) throws -> KeyState {
        KeyState(
            keyID: keyID, role: configuration.role, resetOpcode: reset, tls: try configuration.tls.makeSession(),
            now: now, afterStatelessReset: restored)
    }

    /// Handles one packet from the peer. Throws (drop and count) for packets that fail
    /// authentication, replay, or belong to no key state; never for protocol failures, which
    /// end the session with a `.closed` event instead.
    public func receive(_ bytes: [UInt8], now: Timestamp) throws(ControlDrop) {
        guard !isClosed else { throw .unexpected("session closed") }
        let packet = try framing.unwrap(bytes, nowSeconds: UInt64(max(0, now.milliseconds / 1000)))
        let opcode = packet.opcodeByte.opcode
        let forbidden: Opcode = configuration.role == .server ? .controlHardResetServerV2 : .controlHardResetClientV2
        guard opcode.isControl, opcode != forbidden, opcode != .controlHardResetClientV1,
            opcode != .controlHardResetServerV1
        else { throw .unexpected("opcode \(opcode) is not for a \(configuration.role)") }
        if let remote = remoteSessionID {
            guard packet.sessionID == remote else { throw .wrongSession }
        } else {
            guard opcode == .controlHardResetServerV2 else { throw .unexpected("no server session id yet") }
            remoteSessionID = packet.sessionID
        }
        if !packet.acks.isEmpty, packet.remoteSessionID != localSessionID { throw .wrongSession }
        dispatch(packet, now: now)
    }

    /// Routes a packet to its key state by key id; starts a renegotiation on a soft reset.
    func dispatch(_ packet: ControlPacket, now: Timestamp) {
        let keyID = packet.opcodeByte.keyID
        if let state = primary, keyID == state.keyID {
            state.receive(packet)
        } else if packet.opcodeByte.opcode == .controlSoftResetV1, let state = primary, state.phase == .active,
            keyID == state.keyID.next
        {
            beginRenegotiation(now: now)
            primary?.receive(packet)
        } else if let duck = lameDuck, keyID == duck.state.keyID {
            duck.state.channel.receive(ReliablePacket(acks: packet.acks, message: nil))
        } else {
            return
        }
        process(now: now)
    }

    /// Starts a renegotiation now (a key used up by packets, say), unless the primary key is not
    /// active yet (one is already under way). Returns whether one started.
    @discardableResult
    public func renegotiate(now: Timestamp) -> Bool {
        guard let state = primary, state.phase == .active, state.keys != nil else { return false }
        beginRenegotiation(now: now)
        return true
    }

    /// Moves the primary key state into the lame-duck slot and starts the next one (§10).
    func beginRenegotiation(now: Timestamp) {
        guard let current = primary,
            let next = try? makeKeyState(current.keyID.next, reset: .controlSoftResetV1, now: now)
        else { return }
        if let duck = lameDuck { events.append(.keysRetired(duck.state.keyID)) }
        lameDuck = (current, now + configuration.transitionWindow)
        primary = next
    }

    /// Everything to send at `now` (also runs the timers), as wire packets.
    public func poll(now: Timestamp) -> [[UInt8]] {
        guard !isClosed else { return [] }
        runTimers(now: now)
        guard let state = primary else { return [] }
        // ACKs exist only for packets received, and receiving sets remoteSessionID; a packet
        // that would need it without it fails ControlPacket's checks and is skipped.
        let remote = remoteSessionID
        var wire: [[UInt8]] = []
        for packet in state.channel.packets(now: now) {
            let opcode: Opcode =
                packet.message == nil ? .ackV1 : (packet.message?.id == MessageID(0) ? state.resetOpcode : .controlV1)
            let acks = packet.acks
            guard
                let control = try? ControlPacket(
                    opcodeByte: OpcodeByte(opcode, state.keyID), sessionID: localSessionID, acks: acks,
                    remoteSessionID: acks.isEmpty ? nil : remote, messageID: packet.message?.id,
                    payload: packet.message?.payload ?? []),
                let bytes = try? framing.wrap(control)
            else { continue }
            wire.append(bytes)
        }
        if let reason = closeAfterFlush, state.channel.isIdle { close(reason) }
        return wire
    }

    /// When `poll` next needs to run, nil when only the peer can make progress.
    public var nextWakeup: Timestamp? {
        guard !isClosed, let state = primary else { return nil }
        var times = [state.started + configuration.handshakeWindow]
        if let wake = state.channel.nextWakeup { times.append(wake) }
        if let request = nextPushRequest { times.append(request) }
        if let duck = lameDuck { times.append(duck.expires) }
        if let since = state.activeSince, let after = configuration.renegotiateAfter { times.append(since + after) }
        return times.min()
    }

    /// The events since the last call.
    public func takeEvents() -> [SessionEvent] {
        defer { events.removeAll() }
        return events
    }

    func close(_ reason: String) {
        guard !isClosed else { return }
        isClosed = true
        events.append(.closed(reason))
    }
}
