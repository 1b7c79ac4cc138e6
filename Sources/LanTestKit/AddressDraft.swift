// AddressDraft: the address side of a generated inventory — explicit pools that never overlap,
// site subnets in 192.168.x.0/24 that never repeat, fixed client addresses that are usable hosts
// and never taken twice. It remembers what it handed out, so everything it returns is valid
// together.

import LanValues

/// Hands out non-overlapping blocks and unique addresses for `InventoryGenerator`.
struct AddressDraft {
    /// The LAN every generated inventory uses.
    static let network = IPv4Prefix(IPv4Address(10, 0, 0, 0), length: 8)

    /// Explicit pools handed out so far.
    private(set) var pools: [IPv4Prefix] = []
    /// Third octets of the 192.168.x.0/24 site subnets handed out so far.
    var siteOctets: Set<Int> = []
    /// Fixed client addresses handed out so far.
    private(set) var fixed: Set<IPv4Address> = []

    /// One or two pools of /14 to /26, aligned, inside 10.0.0.0/8 and clear of every earlier
    /// pool; nil in the (unlikely) case that no free block was found, meaning "auto pool".
    mutating func explicitPools(using rng: inout SeededGenerator) -> [IPv4Prefix]? {
        var chosen: [IPv4Prefix] = []
        for _ in 0..<Int.random(in: 1...2, using: &rng) {
            guard let pool = freeBlock(length: Int.random(in: 14...26, using: &rng), using: &rng) else { continue }
            chosen.append(pool)
            pools.append(pool)
        }
        return chosen.isEmpty ? nil : chosen
    }

    /// A random aligned block of `length` overlapping no earlier pool, after a few tries.
    private func freeBlock(length: Int, using rng: inout SeededGenerator) -> IPv4Prefix? {
        let blocks = UInt32(1) << UInt32(length - Self.network.length)
        for _ in 0..<32 {
            let offset = UInt32.random(in: 0..<blocks, using: &rng) << UInt32(32 - length)
            let candidate = IPv4Prefix(IPv4Address(Self.network.network.value | offset), length: length)
            if !pools.contains(where: { $0.overlaps(candidate) }) { return candidate }
        }
        return nil
    }

    /// One or two site subnets 192.168.x.0/24 with unused `x`.
    mutating func siteSubnets(using rng: inout SeededGenerator) -> [IPv4Prefix] {
        var subnets: [IPv4Prefix] = []
        for _ in 0..<Int.random(in: 1...2, using: &rng) {
            let octet = Int.random(in: 0...255, using: &rng)
            guard siteOctets.insert(octet).inserted else { continue }
            subnets.append(IPv4Prefix(IPv4Address(192, 168, UInt8(octet), 0), length: 24))
        }
        return subnets.sorted()
    }

    /// A usable host of one of `pools` that is neither the server's tunnel address (the first
    /// host of the first pool) nor handed out before; nil after a few unlucky tries.
    mutating func fixedAddress(in pools: [IPv4Prefix], using rng: inout SeededGenerator) -> IPv4Address? {
        guard let tunnel = pools.first?.firstHost else { return nil }
        for _ in 0..<16 {
            guard let pool = pools.randomElement(using: &rng) else { return nil }
            let offset = UInt32.random(in: 1...UInt32(pool.size - 2), using: &rng)
            let address = IPv4Address(pool.network.value + offset)
            if address != tunnel, fixed.insert(address).inserted { return address }
        }
        return nil
    }
}
