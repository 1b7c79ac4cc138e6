// DataChannel: one peer's P_DATA_V2 crypto (§9.1) — up to two keys (the primary and, during a
// renegotiation, the lame duck), a send counter per key, a replay window per key. Sealing and
// opening work in place on packet buffers that have headroom for the 24-byte header and tag,
// and allocate nothing.
//
// Which key sends (§10 point 5): after a renegotiation the peer may install the new key a round
// trip later than we do, so a new key only starts sending once the peer has been heard using
// it, or `switchDelay` after it was installed. Both keys always open.

import LanCrypto
import LanValues
import LanWire

/// The data-channel state of one connection.
public final class DataChannel {
    /// Header (opcode/key, peer id, packet id) plus tag: what P_DATA_V2 adds to a packet.
    public static let overhead = 8 + AEADCipher.tagLength

    struct Key {
        let id: KeyID
        let sealer: AEADContext
        let opener: AEADContext
        let installed: Timestamp
        var nextPacketID: UInt32 = 1
        var replay = ReplayWindow()
        /// The peer has sent with this key, so it has it too.
        var confirmed = false
    }

    public let peerID: PeerID
    /// How long a new key waits for the peer before sending anyway.
    public let switchDelay: Duration
    /// The packet id from which the sending key asks for a renegotiation (`needsNewKeys`), well
    /// before the 32-bit id would wrap (DataHeader.packetIDWrapTrigger, OpenVPN's 0xFF000000). Past 0xFFFFFFFF a key never
    /// seals again: an AEAD nonce is never reused.
    public let renegotiationPacketID: UInt32
    private var keys: [Key] = []

    public init(
        peerID: PeerID, switchDelay: Duration = .seconds(2),
        renegotiationPacketID: UInt32 = DataHeader.packetIDWrapTrigger
    ) {
        self.peerID = peerID
        self.switchDelay = switchDelay
        self.renegotiationPacketID = renegotiationPacketID
    }

    /// True when the newest key has sent `renegotiationPacketID` packets: time for new keys.
    public var needsNewKeys: Bool {
        guard let newest = keys.last else { return false }
        return newest.nextPacketID >= renegotiationPacketID || newest.nextPacketID == 0
    }

    /// True once a key is installed (data may flow).
    public var isReady: Bool { !keys.isEmpty }

    /// Installs keys for `id` at `now`. At most two keys are kept; the newest sends once the
    /// peer confirms it or `switchDelay` passes.
    public func install(_ id: KeyID, _ material: DataChannelKeys, now: Timestamp) throws {
        keys.removeAll { $0.id == id }
        keys.append(Key(id: id, sealer: try material.makeSealer(), opener: try material.makeOpener(), installed: now))
        if keys.count > 2 { keys.removeFirst(keys.count - 2) }
    }

    /// The index of the key that sends at `now`.
    func sendingIndex(now: Timestamp) -> Int {
        let newest = keys.count - 1
        guard newest > 0 else { return newest }
        let ready = keys[newest].confirmed || now >= keys[newest].installed + switchDelay
        return ready ? newest : newest - 1
    }

    /// Forgets the keys of `id` (its transition window ended).
    public func retire(_ id: KeyID) { keys.removeAll { $0.id == id } }

    /// Seals the plaintext in `packet[24...]` in place with the key that sends at `now`,
    /// writing header and tag into `packet[0..<24]`. Returns false when no key is installed.
    public func seal(_ packet: UnsafeMutableRawBufferPointer, now: Timestamp) throws -> Bool {
        guard !keys.isEmpty, packet.count > Self.overhead else { return false }
        let index = sendingIndex(now: now)
        let id = keys[index].nextPacketID
        // 0 means the ids are used up (it wrapped): never reuse a nonce; wait for new keys.
        guard id != 0 else { return false }
        keys[index].nextPacketID &+= 1
        packet[0] = OpcodeByte(.dataV2, keys[index].id).byte
        packet[1] = UInt8(peerID.value >> 16 & 0xFF)
        packet[2] = UInt8(peerID.value >> 8 & 0xFF)
        packet[3] = UInt8(peerID.value & 0xFF)
        packet[4] = UInt8(id >> 24)
        packet[5] = UInt8(id >> 16 & 0xFF)
        packet[6] = UInt8(id >> 8 & 0xFF)
        packet[7] = UInt8(id & 0xFF)
        try keys[index].sealer.seal(
            packetID: id, aad: UnsafeRawBufferPointer(rebasing: packet[0..<8]),
            payload: UnsafeMutableRawBufferPointer(rebasing: packet[Self.overhead...]),
            tag: UnsafeMutableRawBufferPointer(rebasing: packet[8..<Self.overhead]))
        return true
    }

    /// Why a data packet was dropped.
    public enum Drop: Error, Equatable {
        case malformed, unknownKey, unauthentic, replay(ReplayVerdict)
    }

    /// Opens a P_DATA_V2 packet in place; on success the plaintext is `packet[24...]`.
    /// `nowSeconds` is monotonic, for the replay window's time backtrack.
    public func open(_ packet: UnsafeMutableRawBufferPointer, nowSeconds: UInt64) throws -> Result<Void, Drop> {
        guard packet.count > Self.overhead, packet[0] >> 3 == Opcode.dataV2.rawValue else {
            return .failure(.malformed)
        }
        let keyID = packet[0] & 0x07
        // An index loop: `firstIndex(where:)` allocates a closure context in unoptimised builds.
        var found: Int?
        for candidate in 0..<keys.count where keys[candidate].id.value == keyID {
            found = candidate
            break
        }
        guard let index = found else { return .failure(.unknownKey) }
        let id = UInt32(packet[4]) << 24 | UInt32(packet[5]) << 16 | UInt32(packet[6]) << 8 | UInt32(packet[7])
        let authentic = try keys[index].opener.open(
            packetID: id, aad: UnsafeRawBufferPointer(rebasing: packet[0..<8]),
            payload: UnsafeMutableRawBufferPointer(rebasing: packet[Self.overhead...]),
            tag: UnsafeRawBufferPointer(rebasing: packet[8..<Self.overhead]))
        guard authentic else { return .failure(.unauthentic) }
        let verdict = keys[index].replay.admit(PacketID(id: id), now: nowSeconds)
        guard verdict == .accepted else { return .failure(.replay(verdict)) }
        keys[index].confirmed = true
        return .success(())
    }
}
