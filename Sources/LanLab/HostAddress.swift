// HostAddress: an address on an interface together with its prefix length (`192.0.2.10/24`),
// as `ip addr add` takes it and lab.json records it.

import LanValues

/// An interface address: the host's address and the length of its subnet.
public struct HostAddress: Codable, Equatable, Hashable, Sendable, CustomStringConvertible {
    public var address: IPv4Address
    public var prefixLength: Int

    public init(_ address: IPv4Address, prefixLength: Int) {
        self.address = address
        self.prefixLength = prefixLength
    }

    /// The subnet the address lies in.
    public var subnet: IPv4Prefix { IPv4Prefix(address, length: prefixLength) }

    public var description: String { "\(address)/\(prefixLength)" }
}
