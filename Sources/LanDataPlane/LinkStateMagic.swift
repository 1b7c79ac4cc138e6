// LinkStateMagic: the 16 bytes that open every link-state advertisement inside a server link's
// data channel (LanDaemon's LinkState.swift has the format), so the data plane can tell one
// from an IP packet without decoding it.

/// The advertisement magic.
public enum LinkStateMagic {
    /// Random bytes, not an IPv4 header (0xA7 >> 4 is 10).
    public static let bytes: [UInt8] = [
        0xA7, 0x1C, 0x53, 0x4E, 0x9B, 0x02, 0xD4, 0x6F, 0x31, 0xE8, 0x75, 0xC0, 0x4A, 0x19, 0xB6, 0x8D,
    ]

    /// True when `payload` starts with the magic.
    public static func starts(_ payload: UnsafeRawBufferPointer) -> Bool { Marker.linkState.starts(payload) }
}
