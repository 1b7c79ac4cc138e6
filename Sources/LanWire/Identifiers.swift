// Identifiers of the OpenVPN wire protocol as distinct types, never raw integers
// (reference/openvpn-protocol.md §2, §3.1, §3.6, §9.1): the opcode and key id of the first
// byte, session ids, reliability-layer message ids, replay (packet) ids and peer ids.

/// The high 5 bits of a packet's first byte (§2).
public enum Opcode: UInt8, Sendable, CaseIterable {
    case controlHardResetClientV1 = 1
    case controlHardResetServerV1 = 2
    case controlSoftResetV1 = 3
    case controlV1 = 4
    case ackV1 = 5
    case dataV1 = 6
    case controlHardResetClientV2 = 7
    case controlHardResetServerV2 = 8
    case dataV2 = 9
    case controlHardResetClientV3 = 10
    case controlWKCV1 = 11

    /// True for the control channel (everything but P_DATA_V1/V2).
    public var isControl: Bool { self != .dataV1 && self != .dataV2 }
}

/// The low 3 bits of a packet's first byte: which TLS session (key state) a packet belongs to.
/// 0 for the first session; each renegotiation takes the next value, 1…7, skipping 0 (§2).
public struct KeyID: Hashable, Sendable, CustomStringConvertible {
    public let value: UInt8

    /// Nil unless `value` fits in 3 bits.
    public init?(_ value: UInt8) {
        guard value < 8 else { return nil }
        self.value = value
    }

    public static let initial = KeyID(0)!

    /// The key id a renegotiation moves to: +1 modulo 8, skipping 0.
    public var next: KeyID { KeyID(value == 7 ? 1 : value + 1)! }

    public var description: String { "key \(value)" }
}

/// The first byte of every packet: `opcode << 3 | keyID`.
public struct OpcodeByte: Hashable, Sendable {
    public let opcode: Opcode
    public let keyID: KeyID

    public init(_ opcode: Opcode, _ keyID: KeyID) {
        self.opcode = opcode
        self.keyID = keyID
    }

    /// Nil when the opcode bits name no known opcode.
    public init?(byte: UInt8) {
        guard let opcode = Opcode(rawValue: byte >> 3), let keyID = KeyID(byte & 0x07) else { return nil }
        self.init(opcode, keyID)
    }

    public var byte: UInt8 { opcode.rawValue << 3 | keyID.value }
}

/// An 8-byte session id: random, never all zero; one per side of a connection (§3.1).
public struct SessionID: Hashable, Sendable, CustomStringConvertible {
    public let value: UInt64

    public init(_ value: UInt64) { self.value = value }

    /// A fresh random, non-zero session id.
    public static func random<G: RandomNumberGenerator>(using generator: inout G) -> SessionID {
        var value: UInt64 = 0
        while value == 0 { value = generator.next() }
        return SessionID(value)
    }

    public var description: String {
        let hex = String(value, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}

/// A reliability-layer message id (§4.1): 0 for the reset, then +1 per packet, per key id.
public struct MessageID: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let value: UInt32

    public init(_ value: UInt32) { self.value = value }

    public static func < (lhs: MessageID, rhs: MessageID) -> Bool { lhs.value < rhs.value }

    public var description: String { "msg \(value)" }
}

/// A replay-protection packet id (§3.6, §9.4): tls-crypt uses (id, time), the data channel id
/// alone. Id 0 is never valid.
public struct PacketID: Hashable, Comparable, Sendable {
    public let id: UInt32
    /// Unix seconds; 0 for the data channel's short form.
    public let time: UInt32

    public init(id: UInt32, time: UInt32 = 0) {
        self.id = id
        self.time = time
    }

    public static func < (lhs: PacketID, rhs: PacketID) -> Bool { (lhs.time, lhs.id) < (rhs.time, rhs.id) }
}

/// The 24-bit peer id of P_DATA_V2 (§9.1), pushed by the server; 0xFFFFFF means none.
public struct PeerID: Hashable, Sendable {
    public let value: UInt32

    public static let none = PeerID(0xFF_FFFF)!

    public init?(_ value: UInt32) {
        guard value <= 0xFF_FFFF else { return nil }
        self.value = value
    }
}
