// InterfaceRequest: builds and reads `struct ifreq`, the argument of the TUN and SIOC* ioctls,
// and runs one ioctl on it. Shared by LinuxTun and InterfaceControl.

import CLinuxShim
import Glibc

enum InterfaceRequest {
    /// An ifreq carrying `name`; throws EINVAL/ENAMETOOLONG for an empty or too long name.
    static func make(name: String, call: String) throws(SystemError) -> ifreq {
        let utf8 = Array(name.utf8)
        guard !utf8.isEmpty, !utf8.contains(0) else { throw SystemError(call: call, code: EINVAL) }
        guard utf8.count < Int(IFNAMSIZ) else { throw SystemError(call: call, code: ENAMETOOLONG) }
        var request = ifreq()
        withUnsafeMutableBytes(of: &request.ifr_ifrn.ifrn_name) { field in
            field.copyBytes(from: utf8)
        }
        return request
    }

    /// The name the kernel wrote back into `request`.
    static func name(of request: ifreq) -> String {
        withUnsafeBytes(of: request.ifr_ifrn.ifrn_name) { field in
            String(decoding: field.prefix { $0 != 0 }, as: UTF8.self)
        }
    }

    /// Runs `ioctl(descriptor, code, &request)`; `call` names it in errors ("ioctl(SIOCSIFMTU)").
    static func ioctl(
        _ descriptor: Int32, _ code: UInt, _ request: inout ifreq, call: String
    ) throws(SystemError) {
        _ = try Syscall.run(call) { lanstitch_ioctl_pointer(descriptor, code, &request) }
    }

    /// Stores an IPv4 address (as a sockaddr_in) in the request's address field.
    static func setAddress(_ socketAddress: sockaddr_in, in request: inout ifreq) {
        withUnsafeMutableBytes(of: &request.ifr_ifru) { field in
            withUnsafeBytes(of: socketAddress) { field.copyMemory(from: $0) }
        }
    }

    /// Reads the request's address field as a sockaddr_in.
    static func address(in request: ifreq) -> sockaddr_in {
        withUnsafeBytes(of: request.ifr_ifru) { $0.loadUnaligned(as: sockaddr_in.self) }
    }
}
