// VirtioNetHeader: the 10-byte header in front of every packet on a TUN device opened with
// IFF_VNET_HDR (struct virtio_net_hdr, <linux/virtio_net.h>, host byte order). It tells the
// reader that a packet is a TCP "super-packet" to cut into gso_size segments, or that its
// checksum is still to be finished; the writer uses it to hand the kernel a joined one.

/// `struct virtio_net_hdr` (without the mergeable-buffers field).
struct VirtioNetHeader: Equatable {
    static let size = 10
    /// flags: the checksum from csumStart to the end is still to be computed.
    static let needsChecksum: UInt8 = 1
    /// gso_type values.
    static let gsoNone: UInt8 = 0
    static let gsoTCPv4: UInt8 = 1
    static let gsoECN: UInt8 = 0x80

    var flags: UInt8 = 0
    var gsoType: UInt8 = gsoNone
    var headerLength: UInt16 = 0
    var gsoSize: UInt16 = 0
    var checksumStart: UInt16 = 0
    var checksumOffset: UInt16 = 0

    init() {}

    /// Reads the header at the start of `bytes` (at least `size` bytes).
    init(_ bytes: UnsafeRawBufferPointer) {
        flags = bytes[0]
        gsoType = bytes[1]
        headerLength = bytes.loadUnaligned(fromByteOffset: 2, as: UInt16.self)
        gsoSize = bytes.loadUnaligned(fromByteOffset: 4, as: UInt16.self)
        checksumStart = bytes.loadUnaligned(fromByteOffset: 6, as: UInt16.self)
        checksumOffset = bytes.loadUnaligned(fromByteOffset: 8, as: UInt16.self)
    }

    /// Writes the header into the first `size` bytes of `bytes`.
    func write(to bytes: UnsafeMutableRawBufferPointer) {
        bytes[0] = flags
        bytes[1] = gsoType
        bytes.storeBytes(of: headerLength, toByteOffset: 2, as: UInt16.self)
        bytes.storeBytes(of: gsoSize, toByteOffset: 4, as: UInt16.self)
        bytes.storeBytes(of: checksumStart, toByteOffset: 6, as: UInt16.self)
        bytes.storeBytes(of: checksumOffset, toByteOffset: 8, as: UInt16.self)
    }
}
