// FreeBlocks: the taken parts of the LAN's address space, and the search for a free aligned
// block for a new pool. Taken ranges are kept sorted and merged, so each search is a binary
// search plus a few jumps, which keeps 1,000-server plans fast.
//
// Where new pools go: from the network's midpoint upwards (10.128.0.0 in 10.0.0.0/8), then
// from its start, and never inside a block home routers use (HomeRouterRanges) while any other
// block is free. A member at home on 10.0.0.x then still reaches its own LAN and ours.

import LanValues

/// The address space of `network` with some blocks taken.
struct FreeBlocks {
    let network: IPv4Prefix
    /// Sorted, non-overlapping, closed ranges [start, end] of taken addresses.
    private(set) var taken: [(start: UInt64, end: UInt64)] = []

    /// Blocks new pools stay out of while they can: the home-router ranges, sorted and merged.
    private let avoided: [(start: UInt64, end: UInt64)]

    init(network: IPv4Prefix, avoiding: [IPv4Prefix] = HomeRouterRanges.all.map(\.prefix)) {
        self.network = network
        var avoided = FreeBlocks(network: network, avoided: [])
        for block in avoiding { avoided.insert(block) }
        self.avoided = avoided.taken
    }

    private init(network: IPv4Prefix, avoided: [(start: UInt64, end: UInt64)]) {
        self.network = network
        self.avoided = avoided
    }

    /// Index of the first range in `ranges` whose end is at or after `address`.
    private static func firstEnding(atOrAfter address: UInt64, in ranges: [(start: UInt64, end: UInt64)]) -> Int {
        var low = 0
        var high = ranges.count
        while low < high {
            let mid = (low + high) / 2
            if ranges[mid].end < address { low = mid + 1 } else { high = mid }
        }
        return low
    }

    private func firstEnding(atOrAfter address: UInt64) -> Int {
        Self.firstEnding(atOrAfter: address, in: taken)
    }

    func isFree(_ block: IPv4Prefix) -> Bool {
        let start = UInt64(block.network.value)
        let index = firstEnding(atOrAfter: start)
        return index == taken.count || taken[index].start > UInt64(block.last.value)
    }

    /// Marks `block` taken, merging it with neighbours it overlaps or touches.
    mutating func insert(_ block: IPv4Prefix) {
        var start = UInt64(block.network.value)
        var end = UInt64(block.last.value)
        let index = firstEnding(atOrAfter: start == 0 ? 0 : start - 1)
        while index < taken.count, taken[index].start <= end + 1 {
            start = min(start, taken[index].start)
            end = max(end, taken[index].end)
            taken.remove(at: index)
        }
        taken.insert((start, end), at: index)
    }

    /// Takes and returns a free block of `length` for a new pool (see the file comment for
    /// the order), or nil if the network has none.
    mutating func allocate(length: Int) -> IPv4Prefix? {
        guard length >= network.length else { return nil }
        let start = UInt64(network.network.value)
        let end = UInt64(network.last.value)
        let middle = network.length == 32 ? start : start + (UInt64(1) << UInt64(31 - network.length))
        // Ranges of block starts: the upper half, then the lower.
        let order = [(middle, end)] + (middle > start ? [(start, middle - 1)] : [])
        for ranges in [[taken, avoided], [taken]] {
            for (from, through) in order {
                if let found = Self.firstFree(length: length, from: from, through: through, end: end, outside: ranges) {
                    let block = IPv4Prefix(IPv4Address(UInt32(found)), length: length)
                    insert(block)
                    return block
                }
            }
        }
        return nil
    }

    /// The lowest aligned start in [from, through] of a `length` block that ends by `end` and
    /// that no range of `outside` overlaps.
    private static func firstFree(
        length: Int, from: UInt64, through: UInt64, end: UInt64, outside: [[(start: UInt64, end: UInt64)]]
    ) -> UInt64? {
        let size = UInt64(1) << UInt64(32 - length)
        var candidate = (from + size - 1) / size * size
        search: while candidate <= through, candidate + size - 1 <= end {
            for ranges in outside {
                let index = firstEnding(atOrAfter: candidate, in: ranges)
                if index < ranges.count, ranges[index].start <= candidate + size - 1 {
                    candidate = (ranges[index].end + size) / size * size
                    continue search
                }
            }
            return candidate
        }
        return nil
    }
}
