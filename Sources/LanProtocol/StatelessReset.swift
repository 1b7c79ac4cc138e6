// StatelessReset: the packets of the server's stateless handshake start (reference §4.5) —
//
//   client ── HARD_RESET_CLIENT_V2 (sid C, msg-id 0) ──────────────────────▶ server: no state
//   client ◀── HARD_RESET_SERVER_V2 (sid = cookie, no ACK, msg-id 0) ──────── server
//   client ── P_ACK_V1 / P_CONTROL_V1 / its reset again (ACK [0], remote sid = cookie) ──▶
//            server: the cookie verifies ─▶ ControlSession.restored
//
// The reply carries no ACK block, so it is exactly as long as the smallest authentic hard reset
// (54 bytes): the server never sends an unverified source more bytes than it received. The
// restored session owes the client's msg-id 0 its ACK and sends it at once. Its replay id is
// one more than the number of whole seconds of `now`, so a reply sent again later (the first
// was lost) is never a replay to the client, and the restored session continues above every
// reply it may have seen.

import LanCrypto
import LanValues
import LanWire

/// The stateless reply and the proof that answers it.
public enum StatelessReset {
    /// The reply to a client reset with session id `client`: our cookie, msg-id 0, no ACKs.
    public static func reply(cookie: SessionID, replayID: PacketID, crypt: TLSCrypt) throws -> [UInt8] {
        let packet = try ControlPacket(
            opcodeByte: OpcodeByte(.controlHardResetServerV2, .initial), sessionID: cookie, messageID: MessageID(0))
        return try TLSCryptFraming.seal(packet, replayID: replayID, with: crypt)
    }

    /// The replay id of a reply sent at `now`, with the replay time the sessions write.
    public static func replayID(at now: Timestamp, time: UInt32) -> PacketID {
        PacketID(id: 1 &+ UInt32(clamping: max(0, now.milliseconds) / 1000), time: time)
    }

    /// The first replay id a session restored at `now` sends: above every earlier reply's.
    public static func firstSessionReplayID(at now: Timestamp) -> UInt32 {
        replayID(at: now, time: 0).id &+ 1
    }

    /// The cookie `packet` claims to answer, when it is shaped as a client's answer to our reply:
    /// key id 0; P_ACK_V1, P_CONTROL_V1 (msg-id 1, the ClientHello) or its own reset again (msg-id
    /// 0); ACKs naming only our msg-id 0 (the only one the client can have seen). Nil otherwise.
    public static func claimedCookie(_ packet: ControlPacket) -> SessionID? {
        let opcode = packet.opcodeByte.opcode
        guard packet.opcodeByte.keyID == .initial, !packet.acks.isEmpty,
            packet.acks.allSatisfy({ $0 == MessageID(0) })
        else { return nil }
        switch (opcode, packet.messageID) {
        case (.ackV1, nil), (.controlV1, MessageID(1)?), (.controlHardResetClientV2, MessageID(0)?):
            return packet.remoteSessionID
        default:
            return nil
        }
    }
}
