// PlanDot: the plan as a Graphviz graph — servers (grouped by region) with their pools, and
// links as arrows from the dialling server, labelled with their cost; failed links dashed.

/// Renders plans as Graphviz DOT text.
public enum PlanDot {
    public static func render(_ plan: LanPlan) -> String {
        var lines = [
            "digraph lanstitch {", "  graph [rankdir=LR, label=\"\(plan.network) (\(plan.topology.rawValue))\"];",
            "  node [shape=box, style=rounded];",
        ]
        var regions: [String: [ServerPlan]] = [:]
        var loose: [ServerPlan] = []
        for server in plan.servers {
            if let region = server.region { regions[region, default: []].append(server) } else { loose.append(server) }
        }
        func node(_ server: ServerPlan) -> String {
            let pools = server.pools.map(\.description).joined(separator: "\\n")
            let clients = server.clients.count == 1 ? "1 client" : "\(server.clients.count) clients"
            return "\(quote(server.name)) [label=\"\(server.name)\\n\(pools)\\n\(clients)\"];"
        }
        for (index, region) in regions.keys.sorted().enumerated() {
            lines.append("  subgraph cluster_\(index) {")
            lines.append("    label=\(quote("region " + region));")
            lines += (regions[region] ?? []).map { "    " + node($0) }
            lines.append("  }")
        }
        lines += loose.map { "  " + node($0) }
        for link in plan.links {
            var attributes = ["label=\"\(link.cost)\""]
            if plan.failed.contains(link.id) { attributes += ["style=dashed", "color=red"] }
            lines.append("  \(quote(link.dialer)) -> \(quote(link.listener)) [\(attributes.joined(separator: ", "))];")
        }
        lines.append("}")
        return lines.joined(separator: "\n") + "\n"
    }

    static func quote(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }
}
