// DataHeader: the clear header of an AEAD data-channel packet (reference §9.1):
//
//     P_DATA_V2:  op|key(1) | peer-id(3) | packet-id(4) | tag(16) | ciphertext
//     P_DATA_V1:  op|key(1) |              packet-id(4) | tag(16) | ciphertext
//
// AAD is bytes 0..<8 for V2 (op, peer-id and packet-id) and the packet-id alone for V1. The data
// path reads and writes headers in place in pooled buffers, so this codec works on raw buffers and
// never allocates.

/// The fields in front of the AEAD tag of a P_DATA_V1/V2 packet.
public struct DataHeader: Equatable, Sendable {
    /// Bytes of the AEAD tag, which precedes the ciphertext.
    public static let tagSize = 16

    /// A sender renegotiates (soft reset) when its packet id reaches this, long before it wraps
    /// (2.6 `PACKET_ID_WRAP_TRIGGER`, §9.4).
    public static let packetIDWrapTrigger: UInt32 = 0xFF00_0000

    /// Which key state (TLS session) encrypted the packet.
    public let keyID: KeyID
    /// The 24-bit peer id; nil means P_DATA_V1, which has none.
    public let peerID: PeerID?
    /// The short-form packet id (time 0); the first packet is 1.
    public let packetID: UInt32

    /// A header; `peerID` nil makes it P_DATA_V1.
    public init(keyID: KeyID, peerID: PeerID?, packetID: UInt32) {
        self.keyID = keyID
        self.peerID = peerID
        self.packetID = packetID
    }

    /// P_DATA_V2 with a peer id, P_DATA_V1 without.
    public var opcodeByte: OpcodeByte { OpcodeByte(peerID == nil ? .dataV1 : .dataV2, keyID) }

    /// Bytes before the tag: 8 for V2, 5 for V1.
    public var size: Int { peerID == nil ? 5 : 8 }

    /// Where the tag starts (= `size`).
    public var tagOffset: Int { size }

    /// Where the ciphertext starts: header plus tag.
    public var ciphertextOffset: Int { size + Self.tagSize }

    /// The bytes authenticated as AAD: 0..<8 for V2 (op, peer-id, packet-id), 1..<5 for V1.
    public var additionalDataRange: Range<Int> { peerID == nil ? 1..<5 : 0..<8 }

    /// Writes the header at the start of `buffer`, which must hold at least `size` bytes.
    public func write(into buffer: UnsafeMutableRawBufferPointer) throws(WireError) {
        guard buffer.count >= size else {
            throw WireError(.truncated, field: "data header", detail: "needs \(size) bytes, buffer has \(buffer.count)")
        }
        var index = 0
        func put(_ value: UInt32, _ width: Int) {
            for shift in stride(from: (width - 1) * 8, through: 0, by: -8) {
                buffer[index] = UInt8(truncatingIfNeeded: value >> UInt32(shift))
                index += 1
            }
        }
        put(UInt32(opcodeByte.byte), 1)
        if let peerID { put(peerID.value, 3) }
        put(packetID, 4)
    }

    /// The header as a new array (tests and slow paths).
    public func encoded() -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: size)
        bytes.withUnsafeMutableBytes { raw in
            // `bytes` has exactly `size` bytes, so the write cannot fail.
            try? write(into: raw)
        }
        return bytes
    }

    /// Reads the header of a data packet; the packet must also hold a tag and ≥ 1 ciphertext byte
    /// (2.6 rejects empty payloads as "missing payload").
    public init(reading packet: UnsafeRawBufferPointer) throws(WireError) {
        var reader = ByteReader(packet)
        let byte = try reader.readUInt8("opcode")
        guard let opcodeByte = OpcodeByte(byte: byte), !opcodeByte.opcode.isControl else {
            throw WireError(.invalidValue, field: "opcode", offset: 0, detail: "byte \(byte) is not P_DATA_V1/V2")
        }
        keyID = opcodeByte.keyID
        if opcodeByte.opcode == .dataV2 {
            // 24 bits always fit a PeerID.
            peerID = PeerID(try reader.readUInt24("peer-id"))
        } else {
            peerID = nil
        }
        packetID = try reader.readUInt32("packet-id")
        try reader.require(Self.tagSize + 1, "tag and ciphertext")
    }

    /// Reads the header at the start of `packet`.
    public init(decoding packet: [UInt8]) throws(WireError) {
        let result: Result<DataHeader, WireError> = packet.withUnsafeBytes { raw in
            do throws(WireError) { return .success(try DataHeader(reading: raw)) } catch { return .failure(error) }
        }
        self = try result.get()
    }
}
