// PlanText: the human-readable plan printed by `lanstitch plan`, one block per server.

import LanValues

/// Renders plans as text for people.
public enum PlanText {
    public static func render(_ plan: LanPlan, only: [String]? = nil) -> String {
        var out = "LAN \(plan.network), topology \(plan.topology.rawValue)"
        if !plan.failed.isEmpty {
            out += ", planned without links: " + plan.failed.map(\.description).joined(separator: ", ")
        }
        out += "\n"
        for server in plan.servers where only?.contains(server.name) ?? true {
            out += "\n" + render(server)
        }
        return out
    }

    static func render(_ server: ServerPlan) -> String {
        var facts: [String] = []
        if let region = server.region { facts.append("region \(region)") }
        facts.append(server.endpoint.map { "endpoint \($0)" } ?? "no endpoint (dials only)")
        var lines = ["server \(server.name) (\(facts.joined(separator: ", ")))"]
        func field(_ label: String, _ value: String) {
            lines.append("  " + label.padding(toLength: 16, withPad: " ", startingAt: 0) + value)
        }
        func list(_ items: [String]) -> String { items.isEmpty ? "-" : items.joined(separator: ", ") }
        field("tunnel address", "\(server.tunnelAddress) on \(server.device)")
        field("pools", list(server.pools.map(\.description)))
        field("site subnets", list(server.siteSubnets.map(\.description)))
        field(
            "dials",
            list(
                server.dials.map { dial in
                    let transports = dial.protocols.map { $0 == .udp ? "udp/\(dial.port)" : "tcp/\(dial.tcpPort)" }
                    return
                        "\(dial.peer) at \(dial.endpoint.host) \(transports.joined(separator: " ")) cost \(dial.cost)"
                        + (dial.up ? "" : " [failed]")
                }))
        field("accepts", list(server.accepts.map { "\($0.peer) cost \($0.cost)" + ($0.up ? "" : " [failed]") }))
        field("clients", list(server.clients.map { "\($0.name) \($0.address)" }))
        field("broadcast to", list(server.broadcastPeers))
        lines.append("  internal routes")
        for route in server.internalRoutes {
            let prefix = route.prefix.description.padding(toLength: 20, withPad: " ", startingAt: 0)
            switch route.via {
            case .clients: lines.append("    \(prefix)clients of \(route.owner)")
            case .site: lines.append("    \(prefix)site LAN of \(route.owner), through \(server.device)")
            case .link(let peer):
                lines.append("    \(prefix)link \(peer) (owner \(route.owner), cost \(route.cost ?? 0))")
            case .unreachable: lines.append("    \(prefix)unreachable (owner \(route.owner))")
            }
        }
        lines.append("  kernel routes")
        lines += server.kernelRoutes.map { "    \($0.prefix) dev \($0.device)" }
        if server.kernelRoutes.isEmpty { lines.append("    -") }
        lines.append("  pushed routes")
        lines += server.pushedRoutes.map { "    \($0)" }
        return lines.joined(separator: "\n") + "\n"
    }
}
