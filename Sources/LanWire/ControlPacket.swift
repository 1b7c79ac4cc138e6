// ControlPacket: the logical fields of an OpenVPN control packet (reference §3.1) and their
// unwrapped wire form (§3.2, no tls-auth/tls-crypt):
//
//     op(1) | own sid(8) | n(1) | acks(4·n) | [remote sid(8) if n ≥ 1] | [msg-id(4) unless P_ACK_V1] | payload
//
// The invariants are checked once, in the initializer, so every value encodes. The split that
// tls-crypt wraps (header vs plaintext part, §3.4) is in ControlPacket+PlaintextPart.swift.

/// One control-channel packet, before any wrapping.
///
/// Invariants (checked by `init`): the opcode is a control opcode of 2.6 (3…11); at most 8 acks;
/// `remoteSessionID` present iff there is at least one ack; `messageID` present iff the opcode is
/// not P_ACK_V1.
public struct ControlPacket: Equatable, Sendable {
    /// The most acks one packet may carry; a 2.6 receiver fails to parse more (§3.1).
    public static let maxAcks = 8

    /// Opcode and key id.
    public let opcodeByte: OpcodeByte
    /// The sender's own session id.
    public let sessionID: SessionID
    /// Message ids of packets received from the peer, newest first as 2.6 sends them.
    public let acks: [MessageID]
    /// The receiver's session id, echoed back; present iff `acks` is not empty.
    public let remoteSessionID: SessionID?
    /// This packet's reliability-layer id; absent for P_ACK_V1 only.
    public let messageID: MessageID?
    /// TLS ciphertext bytes (empty for resets and acks).
    public let payload: [UInt8]

    /// A packet, validated against the invariants above.
    public init(
        opcodeByte: OpcodeByte, sessionID: SessionID, acks: [MessageID] = [], remoteSessionID: SessionID? = nil,
        messageID: MessageID?, payload: [UInt8] = []
    ) throws(WireError) {
        try Self.validate(opcode: opcodeByte.opcode, offset: 0)
        guard acks.count <= Self.maxAcks else {
            throw WireError(.tooLong, field: "ack list", detail: "\(acks.count) acks, at most \(Self.maxAcks)")
        }
        guard acks.isEmpty == (remoteSessionID == nil) else {
            throw WireError(
                .invalidValue, field: "remote session id",
                detail: "present iff at least one ack (\(acks.count) acks)")
        }
        guard (opcodeByte.opcode == .ackV1) == (messageID == nil) else {
            throw WireError(.invalidValue, field: "msg-id", detail: "absent iff P_ACK_V1")
        }
        self.opcodeByte = opcodeByte
        self.sessionID = sessionID
        self.acks = acks
        self.remoteSessionID = remoteSessionID
        self.messageID = messageID
        self.payload = payload
    }

    /// The unwrapped wire form (§3.2).
    public func encoded() -> [UInt8] {
        header.encoded() + encodedPlaintextPart()
    }

    /// Decodes the unwrapped wire form (§3.2); the payload is the rest of `bytes`.
    public init(decoding bytes: [UInt8]) throws(WireError) {
        self = try ByteReader.reading(bytes) { (reader) throws(WireError) in
            let header = try ControlHeader(reading: &reader)
            return try ControlPacket(header: header, readingPlaintextPart: &reader)
        }
    }

    /// Throws unless `opcode` is a control opcode that 2.6 accepts (3…11, §2).
    static func validate(opcode: Opcode, offset: Int) throws(WireError) {
        switch opcode {
        case .dataV1, .dataV2:
            throw WireError(.invalidValue, field: "opcode", offset: offset, detail: "\(opcode) is not a control opcode")
        case .controlHardResetClientV1, .controlHardResetServerV1:
            throw WireError(
                .unsupportedOpcode, field: "opcode", offset: offset, detail: "key-method 1 reset (obsolete)")
        default:
            return
        }
    }
}

/// The part of a control packet that tls-crypt leaves in the clear (§3.4): the opcode/key-id byte
/// and the sender's session id, 9 bytes. tls-crypt authenticates it but does not encrypt it.
public struct ControlHeader: Equatable, Sendable {
    /// Bytes on the wire: op(1) + own sid(8).
    public static let size = 9

    /// Opcode and key id.
    public let opcodeByte: OpcodeByte
    /// The sender's own session id.
    public let sessionID: SessionID

    /// A header; throws unless the opcode is a control opcode 2.6 accepts.
    public init(opcodeByte: OpcodeByte, sessionID: SessionID) throws(WireError) {
        try ControlPacket.validate(opcode: opcodeByte.opcode, offset: 0)
        self.opcodeByte = opcodeByte
        self.sessionID = sessionID
    }

    /// A header whose opcode the caller has already validated.
    init(validatedOpcodeByte: OpcodeByte, sessionID: SessionID) {
        opcodeByte = validatedOpcodeByte
        self.sessionID = sessionID
    }

    /// Reads op + own sid from the front of `reader`.
    public init(reading reader: inout ByteReader) throws(WireError) {
        let start = reader.offset
        let byte = try reader.readUInt8("opcode")
        guard let opcodeByte = OpcodeByte(byte: byte) else {
            throw WireError(.invalidValue, field: "opcode", offset: start, detail: "unknown opcode \(byte >> 3)")
        }
        try ControlPacket.validate(opcode: opcodeByte.opcode, offset: start)
        self.opcodeByte = opcodeByte
        sessionID = SessionID(try reader.readUInt64("own session id"))
    }

    /// Decodes the first 9 bytes of `bytes` (the rest is ignored).
    public init(decoding bytes: [UInt8]) throws(WireError) {
        self = try ByteReader.reading(bytes) { (reader) throws(WireError) in try ControlHeader(reading: &reader) }
    }

    /// op(1) | own sid(8).
    public func encoded() -> [UInt8] {
        var writer = ByteWriter(capacity: Self.size)
        writer.writeUInt8(opcodeByte.byte)
        writer.writeUInt64(sessionID.value)
        return writer.bytes
    }
}
