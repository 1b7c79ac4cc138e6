// IPv4Endpoint: an IPv4 address and UDP port as a value, and its sockaddr_in form for the kernel.

import Glibc
import LanValues

/// An IPv4 address and port: the source of a received datagram or the destination of one to send.
public struct IPv4Endpoint: Hashable, Sendable, CustomStringConvertible {
    public var address: IPv4Address
    public var port: UInt16

    public init(address: IPv4Address, port: UInt16) {
        self.address = address
        self.port = port
    }

    /// 0.0.0.0:0 — "no endpoint" in a fresh batch slot; as a bind address, any address, any port.
    public static let unspecified = IPv4Endpoint(address: IPv4Address(0), port: 0)

    public var description: String { "\(address):\(port)" }
}

extension IPv4Endpoint {
    /// Reads a kernel `sockaddr_in` (network byte order).
    init(_ socketAddress: sockaddr_in) {
        address = IPv4Address(UInt32(bigEndian: socketAddress.sin_addr.s_addr))
        port = UInt16(bigEndian: socketAddress.sin_port)
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
