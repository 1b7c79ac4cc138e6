// BroadcastTree: the spanning tree of the live link graph along which servers relay LAN
// broadcasts and multicasts (game discovery). A packet travels each tree edge once, so it
// reaches every server exactly once: no loops, no duplicates. Every server computes the same
// tree from the same plan — Kruskal's algorithm over links ordered by (cost, link id) — so no
// coordination is needed, and re-planning after a failure gives the new tree everywhere.

/// Computes broadcast relay trees.
public enum BroadcastTree {
    /// For each server, its neighbours in the tree (sorted). Failed links are left out; a
    /// partitioned LAN gets one tree per part.
    public static func neighbours(servers: [String], links: [Link], failed: Set<LinkID>) -> [String: [String]] {
        var parent: [String: String] = [:]
        for server in servers { parent[server] = server }
        func root(_ server: String) -> String {
            var current = server
            while let next = parent[current], next != current {
                parent[current] = parent[next]
                current = next
            }
            return current
        }
        var tree: [String: [String]] = [:]
        for server in servers { tree[server] = [] }
        let ordered = links.filter { !failed.contains($0.id) }.sorted { ($0.cost, $0.id) < ($1.cost, $1.id) }
        for link in ordered {
            guard parent[link.dialer] != nil, parent[link.listener] != nil else { continue }
            let (a, b) = (root(link.dialer), root(link.listener))
            guard a != b else { continue }
            parent[a] = b
            tree[link.dialer, default: []].append(link.listener)
            tree[link.listener, default: []].append(link.dialer)
        }
        return tree.mapValues { $0.sorted() }
    }
}
