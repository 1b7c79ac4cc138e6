// TLSCryptFraming: one session's control packets on the wire under tls-crypt v1 (§3.4, §3.6) —
// outgoing packets get the next replay id (from 1, with the time of first use), incoming ones
// are authenticated first, then replay-checked, then decoded. Nothing is decoded, and no
// state changes, for a packet that fails authentication.

import LanCrypto
import LanWire

/// Why an incoming control packet was dropped (counted by the daemon, never fatal).
public enum ControlDrop: Error, Equatable, Sendable {
    case unauthenticated
    case replay(ReplayVerdict)
    case malformed(String)
    case wrongSession
    case unexpected(String)
}

/// tls-crypt wrapping and replay protection of one session.
public struct TLSCryptFraming {
    let crypt: TLSCrypt
    private var nextReplayID: UInt32
    private let replayTime: UInt32
    private var window = ReplayWindow()

    /// `unixTime` is the wall-clock second written as the replay time (set once, §3.6);
    /// `firstReplayID` the id of the first packet wrapped (1, or more after a stateless reply).
    public init(staticKey: StaticKey, role: EndpointRole, unixTime: UInt32, firstReplayID: UInt32 = 1) throws {
        crypt = try TLSCrypt(staticKey: staticKey, role: role)
        replayTime = unixTime
        nextReplayID = firstReplayID
    }

    /// The packet as wire bytes, with a fresh replay id.
    public mutating func wrap(_ packet: ControlPacket) throws -> [UInt8] {
        let replayID = PacketID(id: nextReplayID, time: replayTime)
        nextReplayID &+= 1
        return try Self.seal(packet, replayID: replayID, with: crypt)
    }

    /// `packet` as wire bytes with the given replay id, outside any session (a stateless reply).
    public static func seal(_ packet: ControlPacket, replayID: PacketID, with crypt: TLSCrypt) throws -> [UInt8] {
        let header = TLSCryptEnvelope.authenticatedHeader(packet.header, replayID: replayID)
        return header + (try crypt.wrap(header17: header, plaintext: packet.encodedPlaintextPart()))
    }

    /// Authenticates and decodes `bytes` with `crypt`, without replay state: the server's
    /// front door uses this before any session exists.
    public static func authenticate(_ bytes: [UInt8], with crypt: TLSCrypt) throws(ControlDrop) -> (
        ControlPacket, PacketID
    ) {
        let envelope: TLSCryptEnvelope
        do {
            envelope = try TLSCryptEnvelope(decoding: bytes)
        } catch {
            throw .malformed("\(error)")
        }
        let plaintext: [UInt8]
        do {
            plaintext = try crypt.unwrap(
                header17: envelope.authenticatedHeader, tagAndCiphertext: envelope.tagAndCiphertext)
        } catch {
            throw .unauthenticated
        }
        do {
            return (try ControlPacket(header: envelope.header, plaintextPart: plaintext), envelope.replayID)
        } catch {
            throw .malformed("\(error)")
        }
    }

    /// Records a packet the front door authenticated before this session existed, so its
    /// replay id cannot be used again.
    public mutating func admit(_ packetID: PacketID, nowSeconds: UInt64) -> ReplayVerdict {
        window.admit(packetID, now: nowSeconds)
    }

    /// Authenticates, replay-checks (`now` in seconds, monotonic) and decodes an incoming packet.
    public mutating func unwrap(_ bytes: [UInt8], nowSeconds: UInt64) throws(ControlDrop) -> ControlPacket {
        let (packet, packetID) = try Self.authenticate(bytes, with: crypt)
        let verdict = window.admit(packetID, now: nowSeconds)
        guard verdict == .accepted else { throw .replay(verdict) }
        return packet
    }
}
