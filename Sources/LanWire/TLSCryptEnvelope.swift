// TLSCryptEnvelope: the clear framing of a tls-crypt (v1) control packet (reference §3.4):
//
//     op(1) | own sid(8) | replay id(4) | replay time(4) | tag(32) | ciphertext(= plaintext part)
//
// The first 17 bytes are authenticated in the clear; LanCrypto's TLSCrypt computes the tag and
// the ciphertext from them and the packet's plaintext part (ControlPacket+PlaintextPart.swift).
// This file only frames: it never touches keys. The receive order is: decode the envelope, unwrap
// (authenticate), then check `replayID` in a ReplayWindow, then parse the plaintext part.

/// A tls-crypt packet split into its clear fields and its opaque tag and ciphertext.
public struct TLSCryptEnvelope: Equatable, Sendable {
    /// op + own sid + replay id + replay time: the clear, authenticated prefix.
    public static let authenticatedHeaderSize = 17
    /// The HMAC-SHA256 tag that follows the header.
    public static let tagSize = 32
    /// Bytes tls-crypt adds over the unwrapped packet: replay id and time, tag.
    public static let overhead = 8 + tagSize

    /// Opcode, key id and the sender's session id.
    public let header: ControlHeader
    /// The long-form replay id: (id, time), id first.
    public let replayID: PacketID
    /// `tag(32) ‖ ciphertext`, exactly as on the wire.
    public let tagAndCiphertext: [UInt8]

    /// An envelope; throws unless `tagAndCiphertext` holds at least a tag.
    public init(header: ControlHeader, replayID: PacketID, tagAndCiphertext: [UInt8]) throws(WireError) {
        guard tagAndCiphertext.count >= Self.tagSize else {
            throw WireError(
                .truncated, field: "tls-crypt tag", offset: Self.authenticatedHeaderSize,
                detail: "\(tagAndCiphertext.count) bytes, needs \(Self.tagSize)")
        }
        self.header = header
        self.replayID = replayID
        self.tagAndCiphertext = tagAndCiphertext
    }

    /// `op ‖ own sid ‖ replay id ‖ replay time`: the header input of the tls-crypt HMAC.
    public static func authenticatedHeader(_ header: ControlHeader, replayID: PacketID) -> [UInt8] {
        var writer = ByteWriter(capacity: authenticatedHeaderSize)
        writer.writeBytes(header.encoded())
        writer.writeUInt32(replayID.id)
        writer.writeUInt32(replayID.time)
        return writer.bytes
    }

    /// This envelope's 17-byte authenticated header.
    public var authenticatedHeader: [UInt8] { Self.authenticatedHeader(header, replayID: replayID) }

    /// The packet on the wire.
    public func encoded() -> [UInt8] {
        authenticatedHeader + tagAndCiphertext
    }

    /// Splits a received packet; throws if it is shorter than header and tag or its opcode is not
    /// a control opcode. Authentication is the caller's next step.
    public init(decoding packet: [UInt8]) throws(WireError) {
        self = try ByteReader.reading(packet) { (reader) throws(WireError) in
            let header = try ControlHeader(reading: &reader)
            let id = try reader.readUInt32("replay id")
            let time = try reader.readUInt32("replay time")
            try reader.require(Self.tagSize, "tls-crypt tag")
            return try TLSCryptEnvelope(
                header: header, replayID: PacketID(id: id, time: time), tagAndCiphertext: reader.readRemaining())
        }
    }
}
