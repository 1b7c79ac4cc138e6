// LinuxResolver: host names to IPv4 addresses with getaddrinfo(3) (the system's resolver:
// /etc/hosts, DNS), for the daemons' Resolver seam (LanHost).

import CLinuxShim
import Glibc
import LanValues

/// The system resolver.
public enum LinuxResolver {
    /// An IPv4 address for `host`: dotted-quad text, or the first IPv4 result of the resolver.
    public static func resolve(_ host: String) -> IPv4Address? {
        if let literal = IPv4Address(host) { return literal }
        var hints = addrinfo()
        hints.ai_family = AF_INET
        hints.ai_socktype = Int32(SOCK_DGRAM.rawValue)
        var result: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, nil, &hints, &result) == 0, let first = result else { return nil }
        defer { freeaddrinfo(result) }
        guard let socketAddress = first.pointee.ai_addr else { return nil }
        let address = socketAddress.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { $0.pointee.sin_addr.s_addr }
        return IPv4Address(UInt32(bigEndian: address))
    }
}
