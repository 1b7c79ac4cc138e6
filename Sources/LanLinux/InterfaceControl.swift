// InterfaceControl: sets an interface's MTU, up flag and IPv4 address with the classic SIOC*
// ioctls on a datagram socket. A stop-gap until routes and addresses move to netlink (libnl).
//
// The socket belongs to the network namespace of the thread that created it; every request acts
// on interfaces of that namespace.

import CLinuxShim
import Glibc
import LanValues

/// ioctl-based interface configuration in one network namespace.
///
/// - Thread-safety: calls may come from any thread (each is one ioctl); `close()` after the last.
/// - After `close()` every call throws `SystemError` with `EBADF`.
public final class InterfaceControl: Sendable {
    private let socket: FileDescriptor

    /// Opens the control socket in the calling thread's network namespace.
    public init() throws(SystemError) {
        let type = Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue)
        socket = FileDescriptor(owning: try Syscall.run("socket") { Glibc.socket(AF_INET, type, 0) })
    }

    /// Closes the control socket. Idempotent.
    public func close() throws(SystemError) { try socket.close() }

    /// The interface's MTU (SIOCGIFMTU).
    public func mtu(of name: String) throws(SystemError) -> Int {
        var request = try InterfaceRequest.make(name: name, call: "ioctl(SIOCGIFMTU)")
        try run(lanstitch_siocgifmtu(), &request, "ioctl(SIOCGIFMTU)")
        return Int(request.ifr_ifru.ifru_mtu)
    }

    /// Sets the interface's MTU (SIOCSIFMTU).
    public func setMTU(_ mtu: Int, of name: String) throws(SystemError) {
        var request = try InterfaceRequest.make(name: name, call: "ioctl(SIOCSIFMTU)")
        guard let value = Int32(exactly: mtu) else { throw SystemError(call: "ioctl(SIOCSIFMTU)", code: EINVAL) }
        request.ifr_ifru.ifru_mtu = value
        try run(lanstitch_siocsifmtu(), &request, "ioctl(SIOCSIFMTU)")
    }

    /// Whether the interface is administratively up (IFF_UP, from SIOCGIFFLAGS).
    public func isUp(_ name: String) throws(SystemError) -> Bool {
        var request = try InterfaceRequest.make(name: name, call: "ioctl(SIOCGIFFLAGS)")
        try run(lanstitch_siocgifflags(), &request, "ioctl(SIOCGIFFLAGS)")
        return request.ifr_ifru.ifru_flags & Int16(truncatingIfNeeded: IFF_UP) != 0
    }

    /// Brings the interface up or down: reads its flags, changes IFF_UP only, writes them back.
    public func setUp(_ up: Bool, _ name: String) throws(SystemError) {
        var request = try InterfaceRequest.make(name: name, call: "ioctl(SIOCGIFFLAGS)")
        try run(lanstitch_siocgifflags(), &request, "ioctl(SIOCGIFFLAGS)")
        let flag = Int16(truncatingIfNeeded: IFF_UP)
        request.ifr_ifru.ifru_flags = up ? request.ifr_ifru.ifru_flags | flag : request.ifr_ifru.ifru_flags & ~flag
        try run(lanstitch_siocsifflags(), &request, "ioctl(SIOCSIFFLAGS)")
    }

    /// Sets the interface's IPv4 address and netmask (SIOCSIFADDR, then SIOCSIFNETMASK). The
    /// kernel adds the connected route for the prefix once the interface is up.
    public func setIPv4Address(_ address: IPv4Address, prefixLength: Int, of name: String) throws(SystemError) {
        guard (0...32).contains(prefixLength) else { throw SystemError(call: "ioctl(SIOCSIFNETMASK)", code: EINVAL) }
        var request = try InterfaceRequest.make(name: name, call: "ioctl(SIOCSIFADDR)")
        InterfaceRequest.setAddress(IPv4Endpoint(address: address, port: 0).socketAddress, in: &request)
        try run(lanstitch_siocsifaddr(), &request, "ioctl(SIOCSIFADDR)")
        let mask = prefixLength == 0 ? 0 : UInt32.max << UInt32(32 - prefixLength)
        InterfaceRequest.setAddress(IPv4Endpoint(address: IPv4Address(mask), port: 0).socketAddress, in: &request)
        try run(lanstitch_siocsifnetmask(), &request, "ioctl(SIOCSIFNETMASK)")
    }

    private func run(_ code: UInt, _ request: inout ifreq, _ call: String) throws(SystemError) {
        try InterfaceRequest.ioctl(try socket.raw(for: call), code, &request, call: call)
    }
}
