// TLSCryptFraming: one session's control packets on the wire under tls-crypt v1 (§3.4, §3.6) —
// outgoing packets get the next replay id (from 1, with the time of first use), incoming ones
// are authenticated first, then replay-checked, then decoded. Nothing is decoded, and no
// state changes, for a packet that fails authentication.

import LanCrypto
import LanWire

/// Why an incoming control packet was dropped (counted by the daemon, never fatal).
public enum ControlDrop: Error, Equatable, Sendable {
    case tooShort
    case unauthenticated
    case replay(ReplayVerdict)
    case malformed(String)
    case wrongSession
    case unexpected(String)
}

/// tls-crypt wrapping and replay protection of one session.
public struct TLSCryptFraming {
    let crypt: TLSCrypt
    private var nextReplayID: UInt32 = 1
    private let replayTime: UInt32
    private var window = ReplayWindow()

    /// `unixTime` is the wall-clock second written as the replay time (set once, §3.6).
    public init(staticKey: StaticKey, role: EndpointRole, unixTime: UInt32) throws {
        crypt = try TLSCrypt(staticKey: staticKey, role: role)
        replayTime = unixTime
    }

    /// The packet as wire bytes, with a fresh replay id.
    public mutating func wrap(_ packet: ControlPacket) throws -> [UInt8] {
        var header = packet.header.encoded()
        for shift in stride(from: 24, through: 0, by: -8) {
            header.append(UInt8(truncatingIfNeeded: nextReplayID >> UInt32(shift)))
        }
        for shift in stride(from: 24, through: 0, by: -8) {
            header.append(UInt8(truncatingIfNeeded: replayTime >> UInt32(shift)))
        }
        nextReplayID &+= 1
        return header + (try crypt.wrap(header17: header, plaintext: packet.encodedPlaintextPart()))
    }

    /// Authenticates and decodes `bytes` with `crypt`, without replay state: the server's
    /// front door uses this before any session exists.
    public static func authenticate(_ bytes: [UInt8], with crypt: TLSCrypt) throws(ControlDrop) -> (
        ControlPacket, PacketID
    ) {
        guard bytes.count >= TLSCrypt.headerLength + TLSCrypt.tagLength else { throw .tooShort }
        let header17 = bytes[0..<TLSCrypt.headerLength]
        let plaintext: [UInt8]
        do {
            plaintext = try crypt.unwrap(header17: header17, tagAndCiphertext: bytes[TLSCrypt.headerLength...])
        } catch {
            throw .unauthenticated
        }
        func be32(_ offset: Int) -> UInt32 {
            bytes[offset..<(offset + 4)].reduce(0) { $0 << 8 | UInt32($1) }
        }
        let packetID = PacketID(id: be32(9), time: be32(13))
        do {
            let header = try ControlHeader(decoding: Array(bytes[0..<ControlHeader.size]))
            return (try ControlPacket(header: header, plaintextPart: plaintext), packetID)
        } catch {
            throw .malformed("\(error)")
        }
    }

    /// Authenticates, replay-checks (`now` in seconds, monotonic) and decodes an incoming packet.
    public mutating func unwrap(_ bytes: [UInt8], nowSeconds: UInt64) throws(ControlDrop) -> ControlPacket {
        let (packet, packetID) = try Self.authenticate(bytes, with: crypt)
        let verdict = window.admit(packetID, now: nowSeconds)
        guard verdict == .accepted else { throw .replay(verdict) }
        return packet
    }
}
