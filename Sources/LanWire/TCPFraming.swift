// TCPFraming: OpenVPN over TCP (reference §1). Each packet is preceded by a 16-bit big-endian
// length counting the bytes after it. A segment may carry several packets and a packet may span
// segments, so the decoder buffers stream chunks and yields complete packets. A length of 0, or one
// above the receive limit, is fatal to the stream ("Bad encapsulated packet length").

/// Splits a TCP byte stream into OpenVPN packets.
///
/// Contract: feed chunks in stream order with `append`, then call `nextPacket()` until it returns
/// nil. After a fatal error every later call throws the same error: the connection must be closed.
/// Not thread-safe; one decoder per connection.
public struct TCPFrameDecoder {
    /// The default receive limit: above any packet of a 1500-byte-MTU tunnel or a 2048-byte
    /// control packet, far below what a 16-bit length can claim.
    public static let defaultMaxPacketLength = 4096

    /// The largest packet length accepted.
    public let maxPacketLength: Int
    private var buffer: [UInt8] = []
    /// Start of the unconsumed bytes in `buffer`.
    private var start = 0
    private var failure: WireError?

    /// A decoder refusing packets longer than `maxPacketLength` (at most 65535).
    public init(maxPacketLength: Int = TCPFrameDecoder.defaultMaxPacketLength) {
        self.maxPacketLength = min(maxPacketLength, Int(UInt16.max))
    }

    /// Bytes received but not yet returned as packets.
    public var bufferedCount: Int { buffer.count - start }

    /// Adds the next chunk of the stream (of any size, including empty).
    public mutating func append(_ chunk: some Collection<UInt8>) {
        if start > 0, start >= buffer.count / 2 {
            buffer.removeFirst(start)
            start = 0
        }
        buffer.append(contentsOf: chunk)
    }

    /// The next complete packet, or nil if more bytes are needed. Throws `.invalidValue` (length 0)
    /// or `.tooLong` (length above `maxPacketLength`), then keeps throwing it.
    public mutating func nextPacket() throws(WireError) -> [UInt8]? {
        if let failure { throw failure }
        guard bufferedCount >= 2 else { return nil }
        let length = Int(buffer[start]) << 8 | Int(buffer[start + 1])
        guard length != 0 else {
            return try fail(WireError(.invalidValue, field: "TCP packet length", detail: "length 0"))
        }
        guard length <= maxPacketLength else {
            return try fail(
                WireError(.tooLong, field: "TCP packet length", detail: "\(length) bytes, at most \(maxPacketLength)"))
        }
        guard bufferedCount >= 2 + length else { return nil }
        let packet = Array(buffer[(start + 2)..<(start + 2 + length)])
        start += 2 + length
        return packet
    }

    /// Appends `chunk` and returns every packet it completes.
    public mutating func packets(appending chunk: some Collection<UInt8>) throws(WireError) -> [[UInt8]] {
        append(chunk)
        var packets: [[UInt8]] = []
        while let packet = try nextPacket() { packets.append(packet) }
        return packets
    }

    private mutating func fail(_ error: WireError) throws(WireError) -> [UInt8]? {
        failure = error
        throw error
    }
}

/// Prefixes packets with their 16-bit length for a TCP stream.
public enum TCPFrameEncoder {
    /// Appends `length(packet) | packet` to `stream`; throws for an empty packet or one longer than
    /// 65535 bytes, which the length field cannot express.
    public static func append(_ packet: [UInt8], to stream: inout [UInt8]) throws(WireError) {
        guard !packet.isEmpty else {
            throw WireError(.invalidValue, field: "TCP packet length", detail: "empty packet")
        }
        guard packet.count <= Int(UInt16.max) else {
            throw WireError(.tooLong, field: "TCP packet length", detail: "\(packet.count) bytes, at most 65535")
        }
        stream.append(UInt8(packet.count >> 8))
        stream.append(UInt8(packet.count & 0xFF))
        stream.append(contentsOf: packet)
    }

    /// `length(packet) | packet` as a new array.
    public static func frame(_ packet: [UInt8]) throws(WireError) -> [UInt8] {
        var stream: [UInt8] = []
        stream.reserveCapacity(packet.count + 2)
        try append(packet, to: &stream)
        return stream
    }
}
