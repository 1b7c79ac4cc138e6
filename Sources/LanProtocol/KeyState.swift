// KeyState: one TLS session of a connection (§10 calls these key states) — its reliability
// layer, its TLS engine over memory BIOs, and the key-method 2 exchange, as an explicit state
// machine:
//
//   resetting ──peer's reset in──▶ handshaking ──TLS done──▶ exchangingKeys ──both KM2──▶ active
//   any ──TLS refused, bad key-method message, hand-window passed──▶ failed
//
// The client writes its key-method message when TLS completes; the server writes its own when
// the client's arrives (§6). Records after that are control-channel text (§8), handed up.

import LanCrypto
import LanValues
import LanWire

final class KeyState {
    enum Phase: Equatable {
        case resetting, handshaking, exchangingKeys, active
        case failed(String)
    }

    /// What advancing the state produced for the session.
    enum Output: Equatable {
        case keyMethodReceived
        case becameActive
        case text([UInt8])
        case failed(String)
    }

    /// Control payload bytes per packet: a 1250-byte IP packet with tls-crypt (§4.4).
    static let maxPayload = 1140

    let keyID: KeyID
    let role: EndpointRole
    /// The opcode of our msg-id 0: a hard reset (key 0) or a soft reset (renegotiation).
    let resetOpcode: Opcode
    let started: Timestamp
    private(set) var phase = Phase.resetting
    var channel = ReliableChannel()
    let tls: TLSSession
    /// True once the peer's reset (its msg-id 0) has been seen, and once it has been consumed
    /// from the in-order stream (it carries no TLS bytes).
    var peerResetSeen = false
    private var peerResetConsumed = false
    private(set) var ours: KeyMethod2Message?
    private(set) var theirs: KeyMethod2Message?
    private(set) var activeSince: Timestamp?
    var keys: DataChannelKeys?

    /// A key state that sends its reset first; or, `afterStatelessReset`, one whose resets were
    /// both exchanged before it existed (the server's stateless start, §4.5): msg-ids 1 onward
    /// both ways, the peer's msg-id 0 owed an ACK.
    init(
        keyID: KeyID, role: EndpointRole, resetOpcode: Opcode, tls: TLSSession, now: Timestamp,
        afterStatelessReset: Bool = false
    ) {
        self.keyID = keyID
        self.role = role
        self.resetOpcode = resetOpcode
        self.tls = tls
        started = now
        if afterStatelessReset {
            channel = ReliableChannel(firstOutgoing: MessageID(1), firstIncoming: MessageID(1))
            channel.owe(ackFor: MessageID(0))
            peerResetSeen = true
            peerResetConsumed = true
        } else {
            channel.send([])  // our reset: msg-id 0, empty payload (§4.5, §4.6)
        }
    }

    /// Takes one received control packet's reliability fields.
    func receive(_ packet: ControlPacket) {
        if packet.messageID == MessageID(0) { peerResetSeen = true }
        let message = packet.messageID.map { ReliableMessage(id: $0, payload: packet.payload) }
        channel.receive(ReliablePacket(acks: packet.acks, message: message))
    }

    /// Moves the state machine as far as the received bytes allow. `keyMethod` builds our
    /// key-method 2 message when it is time to send it.
    func advance(now: Timestamp, keyMethod: () -> KeyMethod2Message) -> [Output] {
        var outputs: [Output] = []
        do {
            for payload in channel.takeInOrder() {
                if !peerResetConsumed {
                    peerResetConsumed = true
                    continue
                }
                try tls.consumeFromNetwork(payload)
            }
            try step(now: now, keyMethod: keyMethod, into: &outputs)
        } catch {
            phase = .failed("\(error)")
            outputs.append(.failed("\(error)"))
        }
        flushTLS()
        return outputs
    }

    private func step(now: Timestamp, keyMethod: () -> KeyMethod2Message, into outputs: inout [Output]) throws {
        switch phase {
        case .resetting:
            guard peerResetSeen else { return }
            phase = .handshaking
            try step(now: now, keyMethod: keyMethod, into: &outputs)
        case .handshaking:
            switch tls.doHandshake() {
            case .inProgress: return
            case .failed(let reason): throw KeyStateError(reason: reason)
            case .complete:
                phase = .exchangingKeys
                if role == .client { try sendKeyMethod(keyMethod()) }
                try step(now: now, keyMethod: keyMethod, into: &outputs)
            }
        case .exchangingKeys, .active:
            while let record = try tls.readRecord() {
                if theirs == nil {
                    theirs = try KeyMethod2Message(decoding: record, from: role == .server ? .client : .server)
                    outputs.append(.keyMethodReceived)
                    if role == .server { try sendKeyMethod(keyMethod()) }
                } else {
                    outputs.append(.text(record))
                }
            }
            if phase == .exchangingKeys, ours != nil, theirs != nil {
                phase = .active
                activeSince = now
                outputs.append(.becameActive)
            }
        case .failed:
            return
        }
    }

    private func sendKeyMethod(_ message: KeyMethod2Message) throws {
        ours = message
        try tls.write(try message.encoded())
    }

    /// Writes one control-channel text message (with its NUL) as one TLS record.
    func write(text: String) throws {
        try tls.write(Array(text.utf8) + [0])
        flushTLS()
    }

    /// Moves TLS output into the reliable sender, in slices of at most `maxPayload` bytes.
    private func flushTLS() {
        let bytes = tls.dataForNetwork()
        var offset = 0
        while offset < bytes.count {
            let end = min(offset + Self.maxPayload, bytes.count)
            channel.send(Array(bytes[offset..<end]))
            offset = end
        }
    }

    /// Marks the key state failed (hand-window passed, or the session gave up on it).
    func fail(_ reason: String) { phase = .failed(reason) }
}

/// A key state stopped: TLS refused the peer, or a key-method message was malformed.
struct KeyStateError: Error, CustomStringConvertible {
    var reason: String
    var description: String { reason }
}
