// ByteWriter: appends big-endian integers and byte runs to a growing array. The encoding side of
// ByteReader; encoders build whole control-channel messages with it. (The data path writes its
// fixed headers in place instead, see DataHeader.)

/// Appends big-endian fields to `bytes`.
///
/// Ownership: the writer owns its array; take it with `bytes` when done. Not thread-safe.
public struct ByteWriter {
    /// Everything written so far.
    public private(set) var bytes: [UInt8]

    /// An empty writer with room for `capacity` bytes before it reallocates.
    public init(capacity: Int = 0) {
        bytes = []
        bytes.reserveCapacity(capacity)
    }

    /// Bytes written so far.
    public var count: Int { bytes.count }

    /// Appends one byte.
    public mutating func writeUInt8(_ value: UInt8) {
        bytes.append(value)
    }

    /// Appends a big-endian u16.
    public mutating func writeUInt16(_ value: UInt16) {
        writeBigEndian(UInt64(value), 2)
    }

    /// The low 24 bits of `value`, big-endian (the P_DATA_V2 peer-id).
    public mutating func writeUInt24(_ value: UInt32) {
        writeBigEndian(UInt64(value & 0xFF_FFFF), 3)
    }

    /// Appends a big-endian u32.
    public mutating func writeUInt32(_ value: UInt32) {
        writeBigEndian(UInt64(value), 4)
    }

    /// Appends a big-endian u64.
    public mutating func writeUInt64(_ value: UInt64) {
        writeBigEndian(value, 8)
    }

    /// Appends `run` as is.
    public mutating func writeBytes(_ run: some Sequence<UInt8>) {
        bytes.append(contentsOf: run)
    }

    private mutating func writeBigEndian(_ value: UInt64, _ width: Int) {
        for shift in stride(from: (width - 1) * 8, through: 0, by: -8) {
            bytes.append(UInt8(truncatingIfNeeded: value >> UInt64(shift)))
        }
    }
}
