// ReferencePlanner: a deliberately naive planner to check the real one against (STYLE.md habit 8).
//
// It shares no code with Graph.swift: an adjacency matrix, Floyd–Warshall for all-pairs
// shortest-path costs, and — for small graphs — plain enumeration of every simple path. Both are
// too slow for 1,000 servers and obviously right for 12, which is the point. Next hops follow
// the planner's documented tie-break: among neighbours on a cheapest path, the smallest name.

import LanPlan

/// All-pairs shortest paths over a plan's links minus its failed ones, computed the slow way.
public struct ReferencePlanner: Sendable {
    /// How distances are computed.
    public enum Method: Sendable {
        /// Floyd–Warshall: O(n³), fine for any test-sized graph.
        case floydWarshall
        /// Every simple path from every server: exponential, for graphs of about 8 servers.
        case allSimplePaths
    }

    /// Server names in sorted order; matrices are indexed by rank in this list.
    public let names: [String]
    /// `link[a][b]`: the cost of the live link between `a` and `b`, or nil.
    public let link: [[Int?]]
    private let index: [String: Int]

    /// The graph of `servers` over `links` without those in `failed`.
    public init(servers: [String], links: [Link], failed: Set<LinkID>) {
        names = Set(servers).sorted()
        var index: [String: Int] = [:]
        for (rank, name) in names.enumerated() { index[name] = rank }
        var link = [[Int?]](repeating: [Int?](repeating: nil, count: names.count), count: names.count)
        for each in links where !failed.contains(each.id) {
            guard let a = index[each.dialer], let b = index[each.listener] else { continue }
            link[a][b] = min(link[a][b] ?? Int.max, each.cost)
            link[b][a] = link[a][b]
        }
        self.index = index
        self.link = link
    }

    /// The graph a plan was made over: its servers, its links, minus its failed links.
    public init(plan: LanPlan) {
        self.init(servers: plan.servers.map(\.name), links: plan.links, failed: Set(plan.failed))
    }

    /// The rank of a server name, or nil for an unknown name.
    public func rank(of name: String) -> Int? { index[name] }

    /// `distances[a][b]`: the cheapest total cost from `a` to `b`, nil when unreachable.
    public func distances(_ method: Method) -> [[Int?]] {
        switch method {
        case .floydWarshall: return floydWarshall()
        case .allSimplePaths: return names.indices.map(cheapestSimplePaths(from:))
        }
    }

    func floydWarshall() -> [[Int?]] {
        var d = link
        for a in names.indices { d[a][a] = 0 }
        for k in names.indices {
            for i in names.indices {
                guard let ik = d[i][k] else { continue }
                for j in names.indices {
                    guard let kj = d[k][j] else { continue }
                    if d[i][j] == nil || ik + kj < d[i][j] ?? 0 { d[i][j] = ik + kj }
                }
            }
        }
        return d
    }

    /// Walks every simple path from `source` depth-first, keeping the cheapest cost per end.
    func cheapestSimplePaths(from source: Int) -> [Int?] {
        var best = [Int?](repeating: nil, count: names.count)
        var onPath = [Bool](repeating: false, count: names.count)
        func walk(_ node: Int, cost: Int) {
            if best[node] == nil || cost < best[node] ?? 0 { best[node] = cost }
            onPath[node] = true
            for next in names.indices where !onPath[next] {
                if let step = link[node][next] { walk(next, cost: cost + step) }
            }
            onPath[node] = false
        }
        walk(source, cost: 0)
        return best
    }

    /// The neighbours of `from` that lie on some cheapest path to `to`, in name order. The
    /// planner must pick the first (DESIGN.md / Graph.swift tie-break). Empty when `to` is
    /// unreachable or is `from` itself.
    public func cheapestFirstHops(from: Int, to: Int, distances: [[Int?]]) -> [String] {
        guard from != to, let total = distances[from][to] else { return [] }
        return names.indices.filter { hop in
            guard let step = link[from][hop], let rest = distances[hop][to] else { return false }
            return step + rest == total
        }.map { names[$0] }
    }

    /// Servers reachable from `start` (including it) over live links.
    public func reachable(from start: Int) -> Set<Int> {
        var seen: Set<Int> = [start]
        var stack = [start]
        while let node = stack.popLast() {
            for next in names.indices where link[node][next] != nil && seen.insert(next).inserted {
                stack.append(next)
            }
        }
        return seen
    }

    /// True when every server can reach every other over live links.
    public var isConnected: Bool { names.isEmpty || reachable(from: 0).count == names.count }
}
