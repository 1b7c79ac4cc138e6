// AddressPlan: the addresses of the LAN after allocation — each server's pools and tunnel
// address, each client's address — the input every route computation starts from.

import LanValues

/// Where every server and client of the LAN sits in the address space.
public struct AddressPlan: Equatable, Sendable {
    /// A server's address space.
    public struct ServerAddresses: Equatable, Sendable {
        public var pools: [IPv4Prefix]
        public var siteSubnets: [IPv4Prefix]
        /// The first host of the first pool.
        public var tunnelAddress: IPv4Address
        /// True when the pools were allocated by lanstitch (not written in the inventory).
        public var allocated: Bool
    }

    /// A client's address and home server.
    public struct ClientAddress: Equatable, Sendable {
        public var server: String
        public var address: IPv4Address
        /// True when the address is fixed in the inventory rather than leased.
        public var fixed: Bool
        public var adhoc: Bool
    }

    public var servers: [String: ServerAddresses]
    public var clients: [String: ClientAddress]
}
