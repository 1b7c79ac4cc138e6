// Underlay: the lab's stand-in for the internet. Every server and client namespace sits on one
// bridge with an address from the three TEST-NET blocks (RFC 5737), which are never routed on
// the real internet; the lab uses no other underlay addresses.

import LanValues

/// The TEST-NET blocks and a deterministic allocator of free addresses in them.
public enum Underlay {
    /// 192.0.2.0/24, 198.51.100.0/24 and 203.0.113.0/24.
    public static let blocks: [IPv4Prefix] = [
        IPv4Prefix(IPv4Address(192, 0, 2, 0), length: 24),
        IPv4Prefix(IPv4Address(198, 51, 100, 0), length: 24),
        IPv4Prefix(IPv4Address(203, 0, 113, 0), length: 24),
    ]

    /// The TEST-NET block holding `address`, if any.
    public static func block(of address: IPv4Address) -> IPv4Prefix? {
        blocks.first { $0.contains(address) }
    }

    /// Hands out addresses not in `taken`: .101–.254 of each block in order, then .2–.100.
    public struct Allocator: Sendable {
        private var taken: Set<IPv4Address>
        private var candidates: [IPv4Address]
        private var next = 0

        public init(taken: Set<IPv4Address>) {
            self.taken = taken
            let hosts = Array(101...254) + Array(2...100)
            candidates = Underlay.blocks.flatMap { block in
                hosts.map { IPv4Address(block.network.value + UInt32($0)) }
            }
        }

        /// The next free address, or nil when all 3 × 253 are taken.
        public mutating func take() -> IPv4Address? {
            while next < candidates.count {
                let candidate = candidates[next]
                next += 1
                if taken.insert(candidate).inserted { return candidate }
            }
            return nil
        }
    }
}
