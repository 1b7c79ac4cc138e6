// StatusText: `lanstitch status` for people — the server in one line, then tables of links,
// clients, routes, handshakes and drops, aligned in columns.

/// Renders one server's live view as text.
public enum StatusText {
    public static func render(_ status: ServerStatus) -> String {
        let server = status.server
        var out = "server \(server.name) (\(server.lan)) \(server.tunnelAddress), lanstitch \(server.version), "
        out += "up \(Durations.age(status.time - server.started))\n"
        out += "  listening: \(server.listen.joined(separator: ", "))"
        if let metrics = server.metrics { out += "; metrics http://\(metrics)/metrics" }
        out += "\n\n"
        out += links(status)
        out += "\n" + clients(status)
        out += "\n" + routes(status.routes, now: status.time)
        let handshakes = status.handshakes
        out += "handshakes: \(handshakes.accepted) accepted, \(handshakes.refused) refused; "
        out += "sessions: \(handshakes.sessionsOpened) opened, \(handshakes.sessionsClosed) closed; "
        out += "link failures: \(handshakes.linkFailures)\n"
        if let door = handshakes.frontDoor {
            out += "front door: \(door.resets) resets (\(door.resetBytes) B), \(door.replies) replies "
            out += "(\(door.replyBytes) B), \(door.cookiesVerified) cookies verified, \(door.halfOpen) half-open\n"
        }
        out += drops(status.drops)
        return out
    }

    /// One line per server: its clients and each link's state and round trip, e.g.
    /// `  hangzhou 10.251.0.1: 1 client; hongkong (accepts) up, RTT 0.41 ms, loss 0%`.
    public static func summary(_ status: ServerStatus) -> String {
        let count = status.clients.count
        var line = "  \(status.server.name) \(status.server.tunnelAddress): \(count) client\(count == 1 ? "" : "s")"
        for link in status.links {
            line += "; \(link.peer) (\(link.direction.rawValue)) \(link.state.rawValue)"
            if let rtt = link.rttSeconds { line += ", RTT \(Durations.rtt(rtt))" }
            if let loss = link.loss { line += ", loss \(Int((loss * 100).rounded()))%" }
        }
        return line
    }

    static func links(_ status: ServerStatus) -> String {
        guard !status.links.isEmpty else { return "links: none\n" }
        var rows = [["LINK", "DIRECTION", "STATE", "SINCE", "RTT", "LOSS", "IN", "OUT", "CIPHER", "ENDPOINT"]]
        for link in status.links {
            rows.append([
                link.peer, link.direction.rawValue, link.state.rawValue,
                link.since.map { Durations.age(status.time - $0) } ?? "-",
                link.rttSeconds.map(Durations.rtt) ?? "-",
                link.loss.map { "\(Int(($0 * 100).rounded()))%" } ?? "-",
                traffic(link.traffic.bytesIn, link.traffic.packetsIn),
                traffic(link.traffic.bytesOut, link.traffic.packetsOut),
                link.cipher ?? "-", link.endpoint ?? "-",
            ])
        }
        var out = table(rows)
        for link in status.links where link.state != .up {
            if let error = link.lastError { out += "  \(link.peer): \(error)\n" }
        }
        return out
    }

    static func clients(_ status: ServerStatus) -> String {
        guard !status.clients.isEmpty else { return "clients: none connected\n" }
        var rows = [["CLIENT", "ADDRESS", "ENDPOINT", "PROTO", "CIPHER", "SINCE", "IN", "OUT"]]
        for client in status.clients {
            rows.append([
                client.name, client.address, client.endpoint, client.transport, client.cipher ?? "-",
                Durations.age(status.time - client.since),
                traffic(client.traffic.bytesIn, client.traffic.packetsIn),
                traffic(client.traffic.bytesOut, client.traffic.packetsOut),
            ])
        }
        return table(rows)
    }

    static func routes(_ routes: RouteSummary, now: Double) -> String {
        var out = "routes: \(routes.clients) to clients, \(routes.site) to the site, \(routes.link) over links, "
        out += "\(routes.unreachable) unreachable; \(routes.kernelRoutes) kernel routes installed"
        if let last = routes.lastReconcile {
            out += " (last reconcile \(Durations.age(now - last)) ago: \(routes.lastChanges) changes)"
        }
        if let last = routes.lastReplan {
            out += "; \(routes.replans) re-plans, the last \(Durations.age(now - last)) ago"
        }
        return out + "\n"
    }

    static func drops(_ drops: [DropCount]) -> String {
        guard !drops.isEmpty else { return "drops: none\n" }
        return "drops:\n" + drops.map { "  \($0.count)\t\($0.reason)\n" }.joined()
    }

    static func traffic(_ bytes: Int, _ packets: Int) -> String {
        "\(Durations.bytes(bytes)) / \(packets) pkt"
    }

    /// Left-aligned columns two spaces apart; the last column is not padded.
    static func table(_ rows: [[String]]) -> String {
        let columns = rows.map(\.count).max() ?? 0
        var widths = [Int](repeating: 0, count: columns)
        for row in rows {
            for (index, cell) in row.enumerated() { widths[index] = max(widths[index], cell.count) }
        }
        return rows.map { row in
            row.enumerated().map { index, cell in
                index == row.count - 1 ? cell : cell + String(repeating: " ", count: widths[index] - cell.count)
            }.joined(separator: "  ") + "\n"
        }.joined()
    }
}
