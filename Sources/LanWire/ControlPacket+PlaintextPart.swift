// The "plaintext part" of a control packet: everything after op and own sid (reference §3.4):
//
//     n(1) | acks(4·n) | [remote sid(8)] | [msg-id(4)] | payload
//
// tls-crypt encrypts exactly these bytes and authenticates them together with the ControlHeader
// and the replay id; unwrapped packets (§3.2) simply append them to the header. This file only
// frames; the wrapping itself belongs to LanCrypto.

extension ControlPacket {
    /// The header tls-crypt leaves in the clear: op + own sid.
    public var header: ControlHeader {
        // `self` was validated with the same opcode rule, so no second check is needed.
        ControlHeader(validatedOpcodeByte: opcodeByte, sessionID: sessionID)
    }

    /// `n | acks | [remote sid] | [msg-id] | payload`: the bytes tls-crypt encrypts.
    public func encodedPlaintextPart() -> [UInt8] {
        var writer = ByteWriter(capacity: 1 + 4 * acks.count + 12 + payload.count)
        writer.writeUInt8(UInt8(acks.count))
        for ack in acks { writer.writeUInt32(ack.value) }
        if let remoteSessionID { writer.writeUInt64(remoteSessionID.value) }
        if let messageID { writer.writeUInt32(messageID.value) }
        writer.writeBytes(payload)
        return writer.bytes
    }

    /// Rebuilds a packet from its clear header and its (decrypted) plaintext part.
    public init(header: ControlHeader, plaintextPart: [UInt8]) throws(WireError) {
        self = try ByteReader.reading(plaintextPart) { (reader) throws(WireError) in
            try ControlPacket(header: header, readingPlaintextPart: &reader)
        }
    }

    /// Reads the plaintext part from `reader`; the payload is everything left.
    init(header: ControlHeader, readingPlaintextPart reader: inout ByteReader) throws(WireError) {
        let countOffset = reader.offset
        let count = Int(try reader.readUInt8("ack count"))
        guard count <= Self.maxAcks else {
            throw WireError(
                .tooLong, field: "ack count", offset: countOffset, detail: "\(count) acks, at most \(Self.maxAcks)")
        }
        var acks: [MessageID] = []
        acks.reserveCapacity(count)
        for _ in 0..<count {
            acks.append(MessageID(try reader.readUInt32("acked msg-id")))
        }
        let remote = count == 0 ? nil : SessionID(try reader.readUInt64("remote session id"))
        let messageID =
            header.opcodeByte.opcode == .ackV1 ? nil : MessageID(try reader.readUInt32("msg-id"))
        try self.init(
            opcodeByte: header.opcodeByte, sessionID: header.sessionID, acks: acks, remoteSessionID: remote,
            messageID: messageID, payload: reader.readRemaining())
    }
}
