// IPv4Endpoint+SocketAddress: an endpoint (LanValues) in and out of the kernel's sockaddr_in form.

import Glibc
import LanValues

extension IPv4Endpoint {
    /// Reads a kernel `sockaddr_in` (network byte order).
    init(_ socketAddress: sockaddr_in) {
        self.init(
            address: IPv4Address(UInt32(bigEndian: socketAddress.sin_addr.s_addr)),
            port: UInt16(bigEndian: socketAddress.sin_port))
    }

    /// The kernel's `sockaddr_in` for this endpoint.
    var socketAddress: sockaddr_in {
        var result = sockaddr_in()
        result.sin_family = sa_family_t(AF_INET)
        result.sin_port = port.bigEndian
        result.sin_addr.s_addr = address.value.bigEndian
        return result
    }
}
