// LinuxTun: a TUN device from /dev/net/tun (IFF_TUN | IFF_NO_PI), non-blocking.
//
// With offload (the default, and the fast path): IFF_VNET_HDR and TUNSETOFFLOAD (checksum, TSO
// for IPv4). The kernel then hands over TCP "super-packets" of up to 64 KB in one read, which
// TCPSegmenter cuts into MTU-sized segments in the batch; and on the way out TCPCoalescer joins
// consecutive segments of a flow into one writev. Either way the seam (TunDevice) still sees
// batches of plain IP packets. Where the kernel refuses the offload, the device falls back to
// one packet per read(2)/write(2) and says so in `offloadState`.

import CLinuxShim
import Glibc
import LanHost

/// The kernel's TUN device, implementing `TunDevice` (see its contract).
///
/// The device exists while this object (its descriptor) is open; closing it removes the
/// interface, with its addresses and routes. It is created in the calling thread's network
/// namespace.
public final class LinuxTun: TunDevice, @unchecked Sendable {
    // @unchecked: the offload buffers are used only by the one reader and the one writer the
    // TunDevice contract allows, each touching its own buffers.
    /// The interface name the kernel gave (the one asked for, or `tun%d` filled in).
    public let name: String
    /// The open /dev/net/tun descriptor (register it with a `Poller` for readability).
    public let descriptor: FileDescriptor
    /// True when every read and write carries a virtio header.
    let vnetHeader: Bool
    /// What the offload setup gave, for the log: "TSO and checksum offload" or why not.
    public let offloadState: String
    /// Reads land here (virtio header + up to 64 KB); a super-packet not yet fully cut stays.
    let readBuffer = UnsafeMutableRawBufferPointer.allocate(byteCount: VirtioNetHeader.size + 65_536, alignment: 16)
    var pending: (length: Int, header: VirtioNetHeader, next: Int)?
    /// Write scratch: the iovec array, a zero virtio header, a joined virtio header and headers.
    let vectors = UnsafeMutablePointer<iovec>.allocate(capacity: TCPCoalescer.maxSegments + 2)
    let plainHeader = UnsafeMutableRawBufferPointer.allocate(byteCount: VirtioNetHeader.size, alignment: 8)
    let joinedHeader = UnsafeMutableRawBufferPointer.allocate(byteCount: VirtioNetHeader.size, alignment: 8)
    let joinedHeaders = UnsafeMutableRawBufferPointer.allocate(byteCount: 128, alignment: 8)
    /// Offloaded reads the data path could not use (malformed or not TCP/IPv4 GSO).
    public private(set) var droppedReads = 0

    /// Opens /dev/net/tun and attaches it to a new or existing TUN interface named `name`
    /// (at most 15 bytes; `%d` lets the kernel number it). Needs CAP_NET_ADMIN. With `offload`,
    /// asks for TSO and checksum offload and falls back to plain packets if refused.
    public init(name: String, offload: Bool = true) throws(SystemError) {
        var request = try InterfaceRequest.make(name: name, call: "ioctl(TUNSETIFF)")
        let raw = try Syscall.run("open(/dev/net/tun)") { open("/dev/net/tun", O_RDWR | O_NONBLOCK | O_CLOEXEC) }
        let descriptor = FileDescriptor(owning: raw)
        var withHeader = offload
        request.ifr_ifru.ifru_flags = Int16(IFF_TUN | IFF_NO_PI | (offload ? 0x4000 : 0))
        do {
            try InterfaceRequest.ioctl(raw, lanstitch_tunsetiff(), &request, call: "ioctl(TUNSETIFF)")
        } catch  where offload {
            // A kernel without IFF_VNET_HDR: plain packets.
            withHeader = false
            request.ifr_ifru.ifru_flags = Int16(IFF_TUN | IFF_NO_PI)
            try InterfaceRequest.ioctl(raw, lanstitch_tunsetiff(), &request, call: "ioctl(TUNSETIFF)")
        }
        var state = offload ? "off: the kernel has no IFF_VNET_HDR" : "off: not asked for"
        if withHeader {
            // TUN_F_CSUM | TUN_F_TSO4.
            if lanstitch_ioctl_value(raw, lanstitch_tunsetoffload(), UInt(0x01 | 0x02)) == 0 {
                state = "TSO and checksum offload"
            } else {
                state = "off: TUNSETOFFLOAD refused (errno \(errno)); one packet per read and write"
            }
        }
        self.descriptor = descriptor
        self.name = InterfaceRequest.name(of: request)
        vnetHeader = withHeader
        offloadState = state
        plainHeader.initializeMemory(as: UInt8.self, repeating: 0)
    }

    deinit {
        readBuffer.deallocate()
        vectors.deallocate()
        plainHeader.deallocate()
        joinedHeader.deallocate()
        joinedHeaders.deallocate()
    }

    public func readPackets(into batch: PacketBatch) throws(SystemError) -> Int {
        guard vnetHeader else { return try readPlain(into: batch) }
        let raw = try descriptor.raw(for: "read")
        batch.removeAll()
        while batch.count < batch.capacity {
            if let cut = pending {
                let packet = UnsafeRawBufferPointer(rebasing: readBuffer[VirtioNetHeader.size..<cut.length])
                let result = TCPSegmenter.segment(packet, mss: Int(cut.header.gsoSize), from: cut.next, into: batch)
                pending = result?.next.map { (cut.length, cut.header, $0) }
                continue
            }
            let result: Int?
            do {
                result = try Syscall.runUnlessWouldBlock("read") { read(raw, readBuffer.baseAddress, readBuffer.count) }
            } catch {
                if batch.count > 0 { break }
                throw error
            }
            guard let length = result else { break }
            guard length > VirtioNetHeader.size else {
                droppedReads += 1
                continue
            }
            let header = VirtioNetHeader(UnsafeRawBufferPointer(rebasing: readBuffer[0..<VirtioNetHeader.size]))
            let packet = UnsafeRawBufferPointer(rebasing: readBuffer[VirtioNetHeader.size..<length])
            if header.gsoType & ~VirtioNetHeader.gsoECN == VirtioNetHeader.gsoTCPv4 {
                guard let cut = TCPSegmenter.segment(packet, mss: Int(header.gsoSize), into: batch) else {
                    droppedReads += 1
                    continue
                }
                pending = cut.next.map { (length, header, $0) }
            } else if TCPSegmenter.split(packet, header: header, into: batch) == nil {
                droppedReads += 1
            }
        }
        return batch.count
    }

    func readPlain(into batch: PacketBatch) throws(SystemError) -> Int {
        let raw = try descriptor.raw(for: "read")
        batch.removeAll()
        while batch.count < batch.capacity {
            let space = batch.receiveSpace(at: batch.count)
            let result: Int?
            do {
                result = try Syscall.runUnlessWouldBlock("read") { read(raw, space.baseAddress, space.count) }
            } catch {
                if batch.count > 0 { break }
                throw error
            }
            guard let length = result else { break }
            batch.setPacket(at: batch.count, offset: batch.headroom, length: length)
            batch.setEndpoint(.unspecified, at: batch.count)
            batch.count += 1
        }
        return batch.count
    }

    public func writePackets(_ batch: PacketBatch, from start: Int) throws(SystemError) -> Int {
        precondition(start >= 0 && start <= batch.count, "writePackets(from:) outside the batch")
        let raw = try descriptor.raw(for: "write")
        var written = 0
        while start + written < batch.count {
            let index = start + written
            let count = vnetHeader ? TCPCoalescer.run(in: batch, from: index) : 1
            let vectorCount = vnetHeader ? fillVectors(batch, start: index, count: count) : 0
            let accepted: Int?
            do {
                accepted = try Syscall.runUnlessWouldBlock("write") {
                    if vnetHeader { return writev(raw, vectors, Int32(vectorCount)) }
                    let packet = UnsafeRawBufferPointer(batch.bytes(at: index))
                    return write(raw, packet.baseAddress, packet.count)
                }
            } catch {
                if written > 0 { return written }
                throw error
            }
            guard accepted != nil else { break }
            written += count
        }
        return written
    }

    /// Points the iovecs at one packet (after a zero virtio header) or at a joined run (virtio
    /// header, edited headers, every payload in place); returns how many iovecs.
    func fillVectors(_ batch: PacketBatch, start: Int, count: Int) -> Int {
        if count == 1 {
            let packet = batch.bytes(at: start)
            vectors[0] = iovec(iov_base: plainHeader.baseAddress, iov_len: VirtioNetHeader.size)
            vectors[1] = iovec(iov_base: packet.baseAddress, iov_len: packet.count)
            return 2
        }
        let headerLength = TCPCoalescer.buildHeaders(
            batch, start: start, count: count, virtio: joinedHeader, headers: joinedHeaders)
        vectors[0] = iovec(iov_base: joinedHeader.baseAddress, iov_len: VirtioNetHeader.size)
        vectors[1] = iovec(iov_base: joinedHeaders.baseAddress, iov_len: headerLength)
        for offset in 0..<count {
            let packet = batch.bytes(at: start + offset)
            vectors[2 + offset] = iovec(
                iov_base: packet.baseAddress.map { $0 + headerLength }, iov_len: packet.count - headerLength)
        }
        return count + 2
    }

    public func close() throws(SystemError) { try descriptor.close() }
}
