// Graph: the servers and live links as an undirected weighted graph, and shortest paths over it.
//
// Tie-break (deterministic, and the same everywhere): among equal-cost paths the one whose
// first hop has the smallest server name wins. Servers are indexed in name order, so this is
// "smallest first-hop index". Labels (cost, firstHop) grow along a path, so Dijkstra over them
// is exact, and every hop on a chosen path is strictly closer to the destination — forwarding
// hop by hop can never loop.

/// Servers and the links between them.
public struct Graph: Sendable {
    /// Server names in sorted order; a server's index is its rank.
    public let names: [String]
    let index: [String: Int]
    /// Neighbours of each server: (neighbour index, link cost).
    let adjacent: [[(node: Int, cost: Int)]]

    /// Builds the graph of `servers` over `links`, leaving out links in `failed`.
    public init(servers: [String], links: [Link], failed: Set<LinkID> = []) {
        names = Array(Set(servers)).sorted()
        var index: [String: Int] = [:]
        for (i, name) in names.enumerated() { index[name] = i }
        var adjacent = [[(node: Int, cost: Int)]](repeating: [], count: names.count)
        for link in links where !failed.contains(link.id) {
            guard let a = index[link.dialer], let b = index[link.listener] else { continue }
            adjacent[a].append((b, link.cost))
            adjacent[b].append((a, link.cost))
        }
        self.index = index
        self.adjacent = adjacent
    }

    /// The names of servers reachable from `start` (including it).
    public func reachable(from start: String) -> Set<String> {
        guard let first = index[start] else { return [] }
        var seen = [Bool](repeating: false, count: names.count)
        var stack = [first]
        seen[first] = true
        while let node = stack.popLast() {
            for edge in adjacent[node] where !seen[edge.node] {
                seen[edge.node] = true
                stack.append(edge.node)
            }
        }
        return Set(names.indices.filter { seen[$0] }.map { names[$0] })
    }

    /// Shortest paths from one server: for each server index, the total cost and the first hop
    /// (a neighbour of the source), or nil when unreachable. The source itself has cost 0 and
    /// no first hop.
    public struct Paths: Sendable {
        public var cost: [Int?]
        public var firstHop: [Int?]
    }

    public func shortestPaths(from source: Int) -> Paths {
        let count = names.count
        var cost = [Int?](repeating: nil, count: count)
        var firstHop = [Int?](repeating: nil, count: count)
        var done = [Bool](repeating: false, count: count)
        var heap = MinHeap()
        cost[source] = 0
        heap.push(Label(cost: 0, firstHop: -1, node: source))
        while let label = heap.pop() {
            guard !done[label.node] else { continue }
            done[label.node] = true
            for edge in adjacent[label.node] where !done[edge.node] {
                let hop = label.node == source ? edge.node : label.firstHop
                let candidate = Label(cost: label.cost + edge.cost, firstHop: hop, node: edge.node)
                if let known = cost[edge.node], (known, firstHop[edge.node] ?? -1) <= (candidate.cost, hop) { continue }
                cost[edge.node] = candidate.cost
                firstHop[edge.node] = hop
                heap.push(candidate)
            }
        }
        return Paths(cost: cost, firstHop: firstHop)
    }
}

/// A tentative path label, ordered by (cost, first hop, node).
struct Label: Comparable {
    var cost: Int
    var firstHop: Int
    var node: Int

    static func < (lhs: Label, rhs: Label) -> Bool {
        (lhs.cost, lhs.firstHop, lhs.node) < (rhs.cost, rhs.firstHop, rhs.node)
    }
}

/// A binary min-heap of labels.
struct MinHeap {
    private var items: [Label] = []

    mutating func push(_ label: Label) {
        items.append(label)
        var child = items.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard items[child] < items[parent] else { break }
            items.swapAt(child, parent)
            child = parent
        }
    }

    mutating func pop() -> Label? {
        guard !items.isEmpty else { return nil }
        items.swapAt(0, items.count - 1)
        let top = items.removeLast()
        var parent = 0
        while true {
            let left = 2 * parent + 1
            let right = left + 1
            var smallest = parent
            if left < items.count, items[left] < items[smallest] { smallest = left }
            if right < items.count, items[right] < items[smallest] { smallest = right }
            if smallest == parent { break }
            items.swapAt(parent, smallest)
            parent = smallest
        }
        return top
    }
}
