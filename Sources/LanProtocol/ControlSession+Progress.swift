// ControlSession's progress: what happens when the primary key state moves — key-method 2
// messages built, the client authenticated (server) or PUSH_REQUEST sent (client), control
// text handled, data keys derived (TLS-EKM when agreed, else the OpenVPN PRF, §7), and the
// timers: hand-window, PUSH_REQUEST repeats, renegotiation, lame-duck expiry.

import LanCrypto
import LanValues
import LanWire

extension ControlSession {
    /// Advances the primary key state and reacts to what it produced.
    func process(now: Timestamp) {
        guard let state = primary else { return }
        for output in state.advance(now: now, keyMethod: { self.keyMethodMessage() }) {
            switch output {
            case .keyMethodReceived: keyMethodReceived(state, now: now)
            case .becameActive: becameActive(state, now: now)
            case .text(let record): handleText(record, now: now)
            case .failed(let reason): close("key \(state.keyID.value): \(reason)")
            }
        }
    }

    /// Our key-method 2 message: random material, the OCC string, peer-info (client only).
    func keyMethodMessage() -> KeyMethod2Message {
        var generator = SystemRandomNumberGenerator()
        func random(_ count: Int) -> [UInt8] { (0..<count).map { _ in UInt8.random(in: 0...255, using: &generator) } }
        let client = configuration.role == .client
        return KeyMethod2Message(
            preMaster: client ? random(KeyMethod2Message.preMasterSize) : nil, random1: random(32), random2: random(32),
            options: configuration.options, username: "", password: "", peerInfo: client ? configuration.peerInfo : "")
    }

    func keyMethodReceived(_ state: KeyState, now: Timestamp) {
        guard configuration.role == .server, let theirs = state.theirs else { return }
        let name = state.tls.peerCommonName ?? ""
        if let known = authenticatedName {
            // A renegotiation must present the same identity.
            if known != name { close("renegotiation presented '\(name)', the session belongs to '\(known)'") }
            return
        }
        authenticatedName = name
        events.append(
            .peerAuthenticated(commonName: name, peerInfo: PeerInfo(text: theirs.peerInfo), options: theirs.options))
    }

    func becameActive(_ state: KeyState, now: Timestamp) {
        switch configuration.role {
        case .server:
            if state.keyID != .initial, let cipher = accepted?.cipher { deriveKeys(state, cipher: cipher) }
            if state.keyID == .initial, accepted != nil { sendPushReply(state) }
        case .client:
            if state.keyID == .initial {
                sendPushRequest(state, now: now)
            } else if let cipher {
                deriveKeys(state, cipher: cipher)
            }
        }
    }

    /// Server: the owner accepted the authenticated client; push its configuration.
    public func accept(push: PushReply, cipher: AEADCipher, now: Timestamp) {
        accepted = (push, cipher)
        if let state = primary, state.phase == .active { sendPushReply(state) }
    }

    /// Server: the owner refused the client (unknown name, revoked…): AUTH_FAILED, then close.
    public func refuse(reason: String, now: Timestamp) {
        guard let state = primary else { return close(reason) }
        try? state.write(text: "AUTH_FAILED")
        closeAfterFlush = "refused: \(reason)"
    }

    /// Sends a control-channel text message on the primary key (e.g. "EXIT").
    public func send(text: String) throws {
        guard let state = primary, state.phase == .active else { throw ControlDrop.unexpected("no active key") }
        try state.write(text: text)
    }

    func sendPushReply(_ state: KeyState) {
        guard let accepted, state.keys == nil else { return }
        deriveKeys(state, cipher: accepted.cipher)
        do {
            for message in try accepted.push.messages() { try state.write(text: message) }
        } catch {
            close("cannot send PUSH_REPLY: \(error)")
        }
    }

    func sendPushRequest(_ state: KeyState, now: Timestamp) {
        guard pushed == nil else { return }
        try? state.write(text: "PUSH_REQUEST")
        nextPushRequest = now + configuration.pushRequestInterval
    }

    func handleText(_ record: [UInt8], now: Timestamp) {
        for case .success(let text) in ControlTextReader.messages(inRecord: record) {
            let message = ControlMessage(text: text)
            switch message {
            case .pushRequest:
                if let state = primary, state.keyID == .initial, state.phase == .active { sendPushReply(state) }
            case .pushReply(let options):
                guard configuration.role == .client, pushed == nil else { continue }
                do {
                    if let reply = try assembler.add(options: options) { configured(reply) }
                } catch {
                    close("bad PUSH_REPLY: \(error)")
                }
            case .authFailed(let reason):
                events.append(.message(message))
                close("AUTH_FAILED\(reason.map { ": \($0)" } ?? "")")
            default:
                events.append(.message(message))
            }
        }
    }

    /// Client: the whole PUSH_REPLY arrived; choose the cipher and derive key 0's data keys.
    func configured(_ reply: PushReply) {
        pushed = reply
        nextPushRequest = nil
        guard let name = reply.cipher, let chosen = AEADCipher(openVPNName: name) else {
            return close(
                "the server pushed no AEAD cipher (cipher \(reply.cipher ?? "none")); lanstitch needs AES-GCM or ChaCha20-Poly1305"
            )
        }
        cipher = chosen
        events.append(.configured(reply))
        if let state = primary { deriveKeys(state, cipher: chosen) }
    }

    /// Derives a key state's data keys: TLS-EKM when both sides agreed on it, otherwise the
    /// OpenVPN PRF over the key-method randoms and session ids (§7).
    func deriveKeys(_ state: KeyState, cipher: AEADCipher) {
        guard state.keys == nil, let ours = state.ours, let theirs = state.theirs, let remote = remoteSessionID else {
            return
        }
        do {
            let material: [UInt8]
            if usesEKM {
                material = try state.tls.exportKeyingMaterial(label: "EXPORTER-OpenVPN-datakeys", length: 256)
            } else {
                let (client, server) = configuration.role == .client ? (ours, theirs) : (theirs, ours)
                let (clientID, serverID) =
                    configuration.role == .client ? (localSessionID, remote) : (remote, localSessionID)
                material = try OpenVPNPRF.keyMaterial(
                    clientPreMaster: client.preMaster ?? [], clientRandom1: client.random1,
                    clientRandom2: client.random2,
                    serverRandom1: server.random1, serverRandom2: server.random2, clientSessionID: clientID.bytes,
                    serverSessionID: serverID.bytes)
            }
            let keys = try DataChannelKeys(material: material, cipher: cipher, role: configuration.role)
            state.keys = keys
            events.append(.keysReady(state.keyID, keys))
        } catch {
            close("cannot derive data keys: \(error)")
        }
    }

    /// TLS-EKM: the server decides from the client's IV_PROTO; the client from the push.
    var usesEKM: Bool {
        switch configuration.role {
        case .server: return accepted?.push.usesTLSEKM ?? false
        case .client: return pushed?.usesTLSEKM ?? false
        }
    }

    func runTimers(now: Timestamp) {
        guard let state = primary else { return }
        if state.phase != .active, now >= state.started + configuration.handshakeWindow {
            return close("TLS key negotiation did not finish within \(configuration.handshakeWindow) (hand-window)")
        }
        if let due = nextPushRequest, now >= due, pushed == nil { sendPushRequest(state, now: now) }
        if let duck = lameDuck, now >= duck.expires {
            events.append(.keysRetired(duck.state.keyID))
            lameDuck = nil
        }
        // Either side may start a renegotiation (reference: P_CONTROL_SOFT_RESET_V1); each does
        // when its own key lifetime is up.
        if let after = configuration.renegotiateAfter, let since = state.activeSince,
            state.keys != nil, now >= since + after
        {
            beginRenegotiation(now: now)
        }
        process(now: now)
    }
}

extension SessionID {
    /// The 8 bytes as sent on the wire.
    var bytes: [UInt8] { (0..<8).map { UInt8(truncatingIfNeeded: value >> UInt64(56 - 8 * $0)) } }
}
