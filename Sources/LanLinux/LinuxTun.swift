// LinuxTun: a TUN device from /dev/net/tun (IFF_TUN | IFF_NO_PI), non-blocking, read and written
// one packet per read(2)/write(2) inside each batch call. The offload path (IFF_VNET_HDR +
// TUNSETOFFLOAD, 64 KB super-segments) is the next step and will keep this seam.

import CLinuxShim
import Glibc

/// The kernel's TUN device, implementing `TunDevice` (see its contract).
///
/// The device exists while this object (its descriptor) is open; closing it removes the
/// interface, with its addresses and routes. It is created in the calling thread's network
/// namespace.
public final class LinuxTun: TunDevice {
    /// The interface name the kernel gave (the one asked for, or `tun%d` filled in).
    public let name: String
    /// The open /dev/net/tun descriptor (register it with a `Poller` for readability).
    public let descriptor: FileDescriptor

    /// Opens /dev/net/tun and attaches it to a new or existing TUN interface named `name`
    /// (at most 15 bytes; `%d` lets the kernel number it). Needs CAP_NET_ADMIN.
    public init(name: String) throws(SystemError) {
        var request = try InterfaceRequest.make(name: name, call: "ioctl(TUNSETIFF)")
        let raw = try Syscall.run("open(/dev/net/tun)") { open("/dev/net/tun", O_RDWR | O_NONBLOCK | O_CLOEXEC) }
        let descriptor = FileDescriptor(owning: raw)
        request.ifr_ifru.ifru_flags = Int16(IFF_TUN | IFF_NO_PI)
        try InterfaceRequest.ioctl(raw, lanstitch_tunsetiff(), &request, call: "ioctl(TUNSETIFF)")
        self.descriptor = descriptor
        self.name = InterfaceRequest.name(of: request)
    }

    public func readPackets(into batch: PacketBatch) throws(SystemError) -> Int {
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
            let packet = UnsafeRawBufferPointer(batch.bytes(at: start + written))
            let accepted: Int?
            do {
                accepted = try Syscall.runUnlessWouldBlock("write") { write(raw, packet.baseAddress, packet.count) }
            } catch {
                if written > 0 { return written }
                throw error
            }
            guard accepted != nil else { break }
            written += 1
        }
        return written
    }

    public func close() throws(SystemError) { try descriptor.close() }
}
