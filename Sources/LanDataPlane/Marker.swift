// Marker: the 16-byte markers the data plane tells apart on every packet — the keepalive ping,
// the OCC magic, the link-state magic — compared as two 64-bit words, and a packet's first byte
// read directly. Generic collection algorithms (`elementsEqual`, `first`) allocate when the
// build is not optimised (their accessors are coroutines), so the per-packet path uses these.

import LanWire

/// A 16-byte marker at the start of a data-channel payload.
public struct Marker: Sendable {
    let low: UInt64
    let high: UInt64

    /// `bytes` must be 16 long.
    public init(_ bytes: [UInt8]) {
        precondition(bytes.count == 16, "a marker is 16 bytes")
        (low, high) = bytes.withUnsafeBytes {
            ($0.loadUnaligned(as: UInt64.self), $0.loadUnaligned(fromByteOffset: 8, as: UInt64.self))
        }
    }

    /// True when `payload` starts with the marker.
    @inline(__always)
    public func starts(_ payload: UnsafeRawBufferPointer) -> Bool {
        payload.count >= 16 && payload.loadUnaligned(as: UInt64.self) == low
            && payload.loadUnaligned(fromByteOffset: 8, as: UInt64.self) == high
    }

    /// True when `payload` is exactly the marker.
    @inline(__always)
    public func isWhole(_ payload: UnsafeRawBufferPointer) -> Bool { payload.count == 16 && starts(payload) }

    /// The keepalive ping's payload, the OCC magic and the link-state magic.
    public static let ping = Marker(DataChannelMessage.pingPayload)
    public static let occ = Marker(DataChannelMessage.occMagic)
    public static let linkState = Marker(LinkStateMagic.bytes)
}

extension UnsafeRawBufferPointer {
    /// The first byte, or nil when empty (without the generic `first`).
    @inline(__always)
    public var firstByte: UInt8? { count > 0 ? load(as: UInt8.self) : nil }
}
