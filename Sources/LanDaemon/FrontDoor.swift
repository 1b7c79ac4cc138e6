// FrontDoor: what the server makes of a control packet that no session took — after tls-crypt,
// only two things may go further (docs/tunnel-design.md, "The server's front door"):
//   1. a client's first hard reset (key id 0, msg-id 0, no ACKs): answered statelessly with a
//      cookie (StatelessReset), within the FrontDoorBudget, and nothing is kept;
//   2. a client's answer to that reply, naming a cookie (StatelessReset.claimedCookie): when
//      the cookie verifies for its source, the session is restored (ControlSession.restored).
// Everything else is dropped and counted by reason.

import LanCrypto
import LanProtocol
import LanValues
import LanWire

/// The tls-crypt check at the server's door. A value; rebuilt when a reload changes the key.
struct FrontDoor {
    let tlsCrypt: TLSCrypt

    init(staticKey: StaticKey) throws { tlsCrypt = try TLSCrypt(staticKey: staticKey, role: .server) }

    /// What an authentic packet from a source without a session may be.
    enum Verdict {
        /// A client's first hard reset: answer it statelessly.
        case hardReset(ControlPacket, PacketID)
        /// A client's answer to a stateless reply, naming `cookie` as our session id.
        case proof(ControlPacket, PacketID, cookie: SessionID)
        /// Anything else: drop, counted under this reason.
        case drop(String)
    }

    /// Authenticates `bytes` and says what they may do. A reset that ACKs our msg-id 0 is a
    /// proof (the client's MRU ACKs ride on its retransmitted reset), not a new start.
    func classify(_ bytes: [UInt8]) -> Verdict {
        guard let (packet, packetID) = try? TLSCryptFraming.authenticate(bytes, with: tlsCrypt) else {
            return .drop("front door: not authentic (tls-crypt)")
        }
        if let cookie = StatelessReset.claimedCookie(packet) { return .proof(packet, packetID, cookie: cookie) }
        guard packet.opcodeByte.opcode == .controlHardResetClientV2 else {
            return .drop("front door: not a hard reset and no cookie")
        }
        guard packet.opcodeByte.keyID == .initial, packet.messageID == MessageID(0), packet.acks.isEmpty else {
            return .drop("front door: hard reset with a key id, msg-id or ACK of no first packet")
        }
        return .hardReset(packet, packetID)
    }

    /// The hard reset `bytes` carries, with its packet id, when it is an authentic first packet
    /// of a new session; nil for anything else (TCP, where the stream proves the source).
    func hardReset(_ bytes: [UInt8]) -> (ControlPacket, PacketID)? {
        guard case .hardReset(let packet, let packetID) = classify(bytes) else { return nil }
        return (packet, packetID)
    }

    /// True when `bytes` is an authentic hard reset of a session other than `current` (a TCP
    /// client that restarted on the same stream).
    func isNewSession(_ bytes: [UInt8], replacing current: SessionID?) -> Bool {
        guard let (packet, _) = try? TLSCryptFraming.authenticate(bytes, with: tlsCrypt) else { return false }
        return packet.opcodeByte.opcode == .controlHardResetClientV2 && packet.sessionID != current
    }
}
