// AddressBook: what the state folder remembers about addresses — each server's pools and each
// client's lease — so that adding, removing or reordering servers never moves an existing
// server's pool or an existing client's address. Stored as `addresses.json` (docs/state.md).

import LanValues

/// Recorded pools and leases. A pure value; `StateFolder` reads and writes it.
public struct AddressBook: Codable, Equatable, Sendable {
    /// A client's remembered address on its home server.
    public struct Lease: Codable, Equatable, Sendable {
        public var server: String
        public var address: IPv4Address
        /// True for clients added with `lanstitch client add` that the inventory does not list;
        /// their leases are kept until revoked.
        public var adhoc: Bool

        public init(server: String, address: IPv4Address, adhoc: Bool = false) {
            self.server = server
            self.address = address
            self.adhoc = adhoc
        }
    }

    /// The format version; readers refuse versions they do not know.
    public var version: Int
    /// Pools by server name, in the server's order (the first carries its tunnel address).
    public var pools: [String: [IPv4Prefix]]
    /// Leases by client name.
    public var leases: [String: Lease]

    public static let currentVersion = 1

    public init(pools: [String: [IPv4Prefix]] = [:], leases: [String: Lease] = [:]) {
        version = AddressBook.currentVersion
        self.pools = pools
        self.leases = leases
    }
}
