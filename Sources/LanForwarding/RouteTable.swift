// RouteTable: longest-prefix match over IPv4 prefixes — the daemon's in-process forwarding
// table (the planner's internal routes plus client /32s), consulted once per packet.
//
// Layout: one hash table per prefix length in use, searched from the longest length down.
// A lookup hashes at most (number of distinct lengths) times and allocates nothing; a LAN
// uses a handful of lengths (/32 clients, /16 pools, /24 sites, /8 network).

import LanValues

/// A longest-prefix-match table from IPv4 prefixes to values.
public struct RouteTable<Value>: Sendable where Value: Sendable {
    /// Routes by length, then by masked network address.
    private var byLength: [[UInt32: Value]] = Array(repeating: [:], count: 33)
    /// Lengths that hold at least one route, longest first.
    private var lengths: [Int] = []

    public init() {}

    /// Builds a table from (prefix, value) pairs; a later pair for the same prefix wins.
    public init(_ routes: some Sequence<(IPv4Prefix, Value)>) {
        for (prefix, value) in routes { insert(prefix, value) }
    }

    /// The number of routes.
    public var count: Int { byLength.reduce(0) { $0 + $1.count } }

    /// Adds or replaces the route for `prefix`.
    public mutating func insert(_ prefix: IPv4Prefix, _ value: Value) {
        if byLength[prefix.length].isEmpty {
            lengths.append(prefix.length)
            lengths.sort(by: >)
        }
        byLength[prefix.length][prefix.network.value] = value
    }

    /// Removes the route for exactly `prefix`; returns its value if there was one.
    @discardableResult
    public mutating func remove(_ prefix: IPv4Prefix) -> Value? {
        let removed = byLength[prefix.length].removeValue(forKey: prefix.network.value)
        if byLength[prefix.length].isEmpty { lengths.removeAll { $0 == prefix.length } }
        return removed
    }

    /// The value of the longest prefix containing `address`, or nil.
    @inline(__always)
    public func lookup(_ address: IPv4Address) -> Value? {
        // An index loop: a `for … in` over the array allocates in unoptimised builds.
        var position = 0
        while position < lengths.count {
            let length = lengths[position]
            if let value = byLength[length][address.value & IPv4Prefix.mask(length)] { return value }
            position += 1
        }
        return nil
    }

    /// The value stored for exactly `prefix`, or nil.
    public subscript(exactly prefix: IPv4Prefix) -> Value? { byLength[prefix.length][prefix.network.value] }

    /// Every route, longest prefix first, then by address.
    public var routes: [(IPv4Prefix, Value)] {
        lengths.flatMap { length in
            byLength[length].sorted { $0.key < $1.key }.map {
                (IPv4Prefix(IPv4Address($0.key), length: length), $0.value)
            }
        }
    }
}
