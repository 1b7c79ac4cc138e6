// PacketBatch: a fixed set of packet slots in one allocation, filled and drained by the seams
// (TunDevice, PacketLink) and edited in place by the data path — nothing is allocated per
// packet, and a forwarded packet is copied once (memcpy) into the outgoing batch.
//
// Slot layout (slot i starts at i × slotSize):
//
//     | headroom (64) | packet bytes …………………… | tailroom |
//     ^ slot start    ^ offset(i) == headroom after a read  ^ slot end = start + headroom + packetCapacity
//
// Readers put each packet at `offset == headroom`; the OpenVPN header is then prepended into the
// headroom (`prepend`) and the AEAD tag appended into the tailroom (`setLength`). On the way back
// the header is skipped (`dropFront`) and the same slot is written to the TUN.

import LanValues

/// Packet slots with headroom, reused for every read and write.
///
/// - Ownership: the caller owns a batch. A seam uses it only during the call it was passed to and
///   keeps no pointer into it afterwards.
/// - Thread-safety: none; one thread at a time (hand a batch over, don't share it).
/// - Indices: `0..<count` are the packets; slots `count..<capacity` are free.
public final class PacketBatch {
    /// Bytes reserved in front of every packet read into a batch (for the OpenVPN header).
    public static let defaultHeadroom = 64
    /// Bytes for a packet and its tailroom, so that headroom + capacity = 2048 per slot.
    public static let defaultPacketCapacity = 2048 - defaultHeadroom

    /// Number of slots.
    public let capacity: Int
    /// Bytes in front of a freshly read packet.
    public let headroom: Int
    /// Bytes from the headroom's end to the slot's end: the largest packet a read can deliver.
    public let packetCapacity: Int
    /// Bytes per slot (`headroom + packetCapacity`).
    public let slotSize: Int
    /// Number of packets, `0...capacity`. Readers set it; writers send up to it.
    public var count: Int = 0 {
        didSet { precondition((0...capacity).contains(count), "PacketBatch.count out of range") }
    }

    private let storage: UnsafeMutableRawPointer
    private let offsets: UnsafeMutablePointer<Int>
    private let lengths: UnsafeMutablePointer<Int>
    private let endpoints: UnsafeMutablePointer<IPv4Endpoint>

    /// Allocates `capacity` slots of `headroom + packetCapacity` bytes, once.
    public init(capacity: Int, packetCapacity: Int = defaultPacketCapacity, headroom: Int = defaultHeadroom) {
        precondition(capacity > 0 && packetCapacity > 0 && headroom >= 0, "PacketBatch shape must be positive")
        self.capacity = capacity
        self.headroom = headroom
        self.packetCapacity = packetCapacity
        slotSize = headroom + packetCapacity
        storage = .allocate(byteCount: capacity * slotSize, alignment: 64)
        offsets = .allocate(capacity: capacity)
        offsets.initialize(repeating: headroom, count: capacity)
        lengths = .allocate(capacity: capacity)
        lengths.initialize(repeating: 0, count: capacity)
        endpoints = .allocate(capacity: capacity)
        endpoints.initialize(repeating: .unspecified, count: capacity)
    }

    deinit {
        storage.deallocate()
        offsets.deallocate()
        lengths.deallocate()
        endpoints.deallocate()
    }

    /// Empties the batch (`count = 0`); slots keep their memory.
    public func removeAll() { count = 0 }

    /// The bytes of packet `index`: `length(at:)` bytes from `offset(at:)`, writable in place.
    @inline(__always)
    public func bytes(at index: Int) -> UnsafeMutableRawBufferPointer {
        let slot = slotStart(index)
        return UnsafeMutableRawBufferPointer(start: slot + offsets[index], count: lengths[index])
    }

    /// Where packet `index` starts inside its slot.
    public func offset(at index: Int) -> Int { checked(index) { offsets[$0] } }
    /// How many bytes packet `index` has.
    public func length(at index: Int) -> Int { checked(index) { lengths[$0] } }
    /// The datagram's source (after a receive) or destination (for a send). Unused by TUN.
    public func endpoint(at index: Int) -> IPv4Endpoint { checked(index) { endpoints[$0] } }

    /// Sets where packet `index` lies in its slot; the range must fit in the slot.
    public func setPacket(at index: Int, offset: Int, length: Int) {
        precondition(offset >= 0 && length >= 0 && offset + length <= slotSize, "packet outside its slot")
        checked(index) {
            offsets[$0] = offset
            lengths[$0] = length
        }
    }

    /// Changes packet `index`'s length, keeping its offset (e.g. to append an AEAD tag in place).
    public func setLength(_ length: Int, at index: Int) {
        setPacket(at: index, offset: offset(at: index), length: length)
    }

    /// Sets the source or destination of packet `index`.
    public func setEndpoint(_ endpoint: IPv4Endpoint, at index: Int) { checked(index) { endpoints[$0] = endpoint } }

    /// Grows packet `index` by `byteCount` bytes at the front, into the headroom, and returns those
    /// bytes for the caller to fill (a header). Nothing moves.
    public func prepend(_ byteCount: Int, at index: Int) -> UnsafeMutableRawBufferPointer {
        let start = offset(at: index) - byteCount
        precondition(start >= 0, "not enough headroom to prepend \(byteCount) bytes")
        setPacket(at: index, offset: start, length: length(at: index) + byteCount)
        return UnsafeMutableRawBufferPointer(start: slotStart(index) + start, count: byteCount)
    }

    /// Shrinks packet `index` by `byteCount` bytes at the front (a header the data path has read),
    /// so the rest can be written on in place.
    public func dropFront(_ byteCount: Int, at index: Int) {
        precondition(byteCount >= 0 && byteCount <= length(at: index), "cannot drop more than the packet")
        setPacket(at: index, offset: offset(at: index) + byteCount, length: length(at: index) - byteCount)
    }

    /// The space a reader fills for slot `index`: `packetCapacity` bytes after the headroom.
    @inline(__always)
    public func receiveSpace(at index: Int) -> UnsafeMutableRawBufferPointer {
        UnsafeMutableRawBufferPointer(start: slotStart(index) + headroom, count: packetCapacity)
    }

    /// Appends a copy of `packet` after the headroom of the next free slot (one memcpy when the
    /// bytes are contiguous, as the data path's always are). Returns false when full or too long.
    @discardableResult
    public func append(_ packet: some Collection<UInt8>, endpoint: IPv4Endpoint = .unspecified) -> Bool {
        guard count < capacity, packet.count <= packetCapacity else { return false }
        let space = receiveSpace(at: count)
        let copied = packet.withContiguousStorageIfAvailable { contiguous in
            UnsafeMutableRawBufferPointer(rebasing: space[0..<contiguous.count]).copyMemory(
                from: UnsafeRawBufferPointer(contiguous))
        }
        if copied == nil {
            _ = UnsafeMutableRawBufferPointer(rebasing: space[0..<packet.count]).initializeMemory(
                as: UInt8.self, from: packet)
        }
        setPacket(at: count, offset: headroom, length: packet.count)
        endpoints[count] = endpoint
        count += 1
        return true
    }

    /// Appends a copy of raw bytes (one memcpy): the data path's forwarding copy.
    @discardableResult
    public func append(_ packet: UnsafeRawBufferPointer, endpoint: IPv4Endpoint = .unspecified) -> Bool {
        guard count < capacity, packet.count <= packetCapacity else { return false }
        UnsafeMutableRawBufferPointer(rebasing: receiveSpace(at: count)[0..<packet.count]).copyMemory(from: packet)
        setPacket(at: count, offset: headroom, length: packet.count)
        endpoints[count] = endpoint
        count += 1
        return true
    }

    /// A copy of packet `index`'s bytes (for fakes and tests).
    public func packet(at index: Int) -> [UInt8] { Array(bytes(at: index)) }

    @inline(__always)
    private func slotStart(_ index: Int) -> UnsafeMutableRawPointer {
        precondition(index >= 0 && index < capacity, "slot index \(index) outside 0..<\(capacity)")
        return storage + index * slotSize
    }

    @inline(__always)
    private func checked<T>(_ index: Int, _ body: (Int) -> T) -> T {
        precondition(index >= 0 && index < capacity, "slot index \(index) outside 0..<\(capacity)")
        return body(index)
    }
}
