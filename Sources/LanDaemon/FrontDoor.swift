// FrontDoor: what the server does with a control packet from a source that has no session —
// only an authentic tls-crypt HARD_RESET_CLIENT_V2 (key id 0, message id 0) may start one;
// everything else is dropped and counted. It also tells a restarted client's new hard reset
// from the live session's own retransmissions.

import LanCrypto
import LanProtocol
import LanValues
import LanWire

/// The tls-crypt check at the server's door.
struct FrontDoor {
    let tlsCrypt: TLSCrypt

    init(staticKey: StaticKey) throws { tlsCrypt = try TLSCrypt(staticKey: staticKey, role: .server) }

    /// The hard reset `bytes` carries, with its packet id, when it is an authentic first packet
    /// of a new session; nil for anything else.
    func hardReset(_ bytes: [UInt8]) -> (ControlPacket, PacketID)? {
        guard let (packet, packetID) = try? TLSCryptFraming.authenticate(bytes, with: tlsCrypt),
            packet.opcodeByte.opcode == .controlHardResetClientV2, packet.opcodeByte.keyID == .initial,
            packet.messageID == MessageID(0)
        else { return nil }
        return (packet, packetID)
    }

    /// True when `bytes` is an authentic hard reset of a session other than `current` (the
    /// client restarted on the same address).
    func isNewSession(_ bytes: [UInt8], replacing current: SessionID?) -> Bool {
        guard let (packet, _) = try? TLSCryptFraming.authenticate(bytes, with: tlsCrypt) else { return false }
        return packet.opcodeByte.opcode == .controlHardResetClientV2 && packet.sessionID != current
    }
}
