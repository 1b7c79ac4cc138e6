// FreeBlocks: the taken parts of the LAN's address space, and the search for the lowest free
// aligned block. Taken ranges are kept sorted and merged, so each search is a binary search
// plus a few jumps, which keeps 1,000-server plans fast.

import LanValues

/// The address space of `network` with some blocks taken.
struct FreeBlocks {
    let network: IPv4Prefix
    /// Sorted, non-overlapping, closed ranges [start, end] of taken addresses.
    private(set) var taken: [(start: UInt64, end: UInt64)] = []

    init(network: IPv4Prefix) { self.network = network }

    /// Index of the first taken range whose end is at or after `address`.
    private func firstEnding(atOrAfter address: UInt64) -> Int {
        var low = 0
        var high = taken.count
        while low < high {
            let mid = (low + high) / 2
            if taken[mid].end < address { low = mid + 1 } else { high = mid }
        }
        return low
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

    /// Takes and returns the lowest free block of `length` inside the network, or nil if none.
    mutating func allocate(length: Int) -> IPv4Prefix? {
        guard length >= network.length else { return nil }
        let size = UInt64(1) << UInt64(32 - length)
        let limit = UInt64(network.last.value)
        var candidate = UInt64(network.network.value)
        while candidate + size - 1 <= limit {
            let index = firstEnding(atOrAfter: candidate)
            guard index < taken.count, taken[index].start <= candidate + size - 1 else {
                let block = IPv4Prefix(IPv4Address(UInt32(candidate)), length: length)
                insert(block)
                return block
            }
            candidate = (taken[index].end + size) / size * size
        }
        return nil
    }
}
