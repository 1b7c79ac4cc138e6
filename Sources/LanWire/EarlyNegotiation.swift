// EarlyNegotiation: the TLV list a 2.6 peer parses from the payload of a hard reset with msg-id 0
// (reference §4.6): `type(u16) len(u16) value[len]`, repeated. A truncated TLV is fatal to the
// session; unknown types are skipped. The only type defined is EARLY_NEG_FLAGS; for tls-crypt v1
// and tls-auth lanstitch always sends an empty reset payload.

/// One early-negotiation TLV.
public struct EarlyNegotiationTLV: Equatable, Sendable {
    /// `EARLY_NEG_FLAGS`: a u16 of flags.
    public static let flagsType: UInt16 = 0x0001
    /// Flag `EARLY_NEG_FLAG_RESEND_WKC`: the client must append its tls-crypt-v2 WKc.
    public static let resendWKC: UInt16 = 0x0001

    /// The TLV type; 2.6 skips unknown ones.
    public let type: UInt16
    /// The value bytes (`len` of them).
    public let value: [UInt8]

    /// A TLV; throws if `value` is longer than a u16 length can say.
    public init(type: UInt16, value: [UInt8]) throws(WireError) {
        guard value.count <= Int(UInt16.max) else {
            throw WireError(.tooLong, field: "early negotiation TLV value", detail: "\(value.count) bytes")
        }
        self.type = type
        self.value = value
    }

    /// An EARLY_NEG_FLAGS TLV.
    public static func flags(_ flags: UInt16) -> EarlyNegotiationTLV {
        EarlyNegotiationTLV(uncheckedType: flagsType, value: [UInt8(flags >> 8), UInt8(flags & 0xFF)])
    }

    private init(uncheckedType: UInt16, value: [UInt8]) {
        type = uncheckedType
        self.value = value
    }

    /// The flags of an EARLY_NEG_FLAGS TLV with a 2-byte value; nil otherwise.
    public var flags: UInt16? {
        guard type == Self.flagsType, value.count == 2 else { return nil }
        return UInt16(value[0]) << 8 | UInt16(value[1])
    }

    /// `type | len | value` for each TLV, concatenated.
    public static func encode(_ tlvs: [EarlyNegotiationTLV]) -> [UInt8] {
        var writer = ByteWriter()
        for tlv in tlvs {
            writer.writeUInt16(tlv.type)
            writer.writeUInt16(UInt16(tlv.value.count))
            writer.writeBytes(tlv.value)
        }
        return writer.bytes
    }

    /// Every TLV of a reset payload (empty payload: none). Throws on a truncated TLV
    /// ("Early negotiation malformed packet").
    public static func decode(_ payload: [UInt8]) throws(WireError) -> [EarlyNegotiationTLV] {
        try ByteReader.reading(payload) { (reader) throws(WireError) in
            var tlvs: [EarlyNegotiationTLV] = []
            while !reader.isAtEnd {
                let type = try reader.readUInt16("early negotiation TLV type")
                let length = Int(try reader.readUInt16("early negotiation TLV length"))
                let value = try reader.readBytes(length, "early negotiation TLV value")
                tlvs.append(EarlyNegotiationTLV(uncheckedType: type, value: value))
            }
            return tlvs
        }
    }
}
