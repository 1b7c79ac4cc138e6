// StatusDot: the live LAN as a Graphviz graph, from the views of one or more servers — each
// server with its tunnel address and how many clients are connected, links as arrows from the
// dialling server coloured by state (green up, orange connecting, red down) and labelled with
// their round trip and loss. A peer whose own view is not given is drawn dashed.

import Foundation

/// Renders live views as Graphviz DOT text.
public enum StatusDot {
    /// The colour of a link in `state`.
    public static func colour(_ state: LinkStatus.State) -> String {
        switch state {
        case .up: "forestgreen"
        case .connecting: "orange"
        case .down: "red"
        }
    }

    public static func render(_ views: [ServerStatus]) -> String {
        var lines = [
            "digraph lanstitch_status {",
            "  graph [rankdir=LR, label=\(quote(title(views)))];",
            "  node [shape=box, style=rounded];",
        ]
        let known = Set(views.map(\.server.name))
        for view in views {
            let count = view.clients.count
            let clients = count == 1 ? "1 client" : "\(count) clients"
            let label = "\(view.server.name)\\n\(view.server.tunnelAddress)\\n\(clients)"
            lines.append("  \(quote(view.server.name)) [label=\"\(label)\"];")
        }
        for edge in edges(views) {
            if !known.contains(edge.dialer) { lines.append("  \(quote(edge.dialer)) [style=\"rounded,dashed\"];") }
            if !known.contains(edge.listener) {
                lines.append("  \(quote(edge.listener)) [style=\"rounded,dashed\"];")
            }
            var label = edge.link.state.rawValue
            if let rtt = edge.link.rttSeconds { label += "\\n" + Durations.rtt(rtt) }
            if let loss = edge.link.loss, loss > 0 { label += "\\nloss \(Int((loss * 100).rounded()))%" }
            let colour = colour(edge.link.state)
            let style = edge.link.state == .up ? "solid" : "dashed"
            lines.append(
                "  \(quote(edge.dialer)) -> \(quote(edge.listener)) "
                    + "[label=\"\(label)\", color=\(colour), fontcolor=\(colour), style=\(style), penwidth=2];")
        }
        lines.append("}")
        return lines.joined(separator: "\n") + "\n"
    }

    struct Edge {
        var dialer: String
        var listener: String
        var link: LinkStatus
    }

    /// One edge per link; where both ends report it, the dialling end's view wins (it knows
    /// the attempts and the endpoint).
    static func edges(_ views: [ServerStatus]) -> [Edge] {
        var byPair: [String: Edge] = [:]
        var order: [String] = []
        for view in views {
            for link in view.links {
                let dialer = link.direction == .dials ? view.server.name : link.peer
                let listener = link.direction == .dials ? link.peer : view.server.name
                let key = dialer + "\u{0}" + listener
                guard let existing = byPair[key] else {
                    byPair[key] = Edge(dialer: dialer, listener: listener, link: link)
                    order.append(key)
                    continue
                }
                if link.direction == .dials, existing.link.direction != .dials {
                    byPair[key] = Edge(dialer: dialer, listener: listener, link: link)
                }
            }
        }
        return order.compactMap { byPair[$0] }
    }

    static func title(_ views: [ServerStatus]) -> String {
        let lans = Set(views.map(\.server.lan)).sorted()
        return "lanstitch status" + (lans.isEmpty ? "" : " — " + lans.joined(separator: ", "))
    }

    static func quote(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }
}
