// MetricsText: the Prometheus text exposition format 0.0.4 of a server's live view, for
// GET /metrics. Names follow Prometheus conventions (base units, `_total` for counters); label
// values come from bounded sets: peer names from the plan, directions in/out, handshake results,
// and drop reasons (the daemon caps how many distinct reasons it keeps, docs/status.md).

/// What the process itself costs, read from /proc when /metrics is asked.
public struct ProcessSample: Equatable, Sendable {
    public var residentBytes: Int
    public var cpuSeconds: Double
    /// When the process started (Unix seconds).
    public var startTime: Double
    public var openDescriptors: Int?

    public init(residentBytes: Int, cpuSeconds: Double, startTime: Double, openDescriptors: Int? = nil) {
        self.residentBytes = residentBytes
        self.cpuSeconds = cpuSeconds
        self.startTime = startTime
        self.openDescriptors = openDescriptors
    }
}

public enum MetricsText {
    /// The Content-Type of the exposition format.
    public static let contentType = "text/plain; version=0.0.4; charset=utf-8"

    public static func render(_ status: ServerStatus, process: ProcessSample?) -> String {
        var out = MetricsWriter()
        let server = [("server", status.server.name)]
        out.family("lanstitch_info", .gauge, "The server, its LAN and lanstitch's version (always 1).")
        out.sample(
            "lanstitch_info",
            server + [("lan", status.server.lan), ("version", status.server.version)], 1)
        linkMetrics(status.links, into: &out)
        clientMetrics(status.clients, into: &out)
        let handshakes = status.handshakes
        out.family("lanstitch_handshakes_total", .counter, "Handshakes of clients and peer servers by result.")
        out.sample("lanstitch_handshakes_total", [("result", "accepted")], Double(handshakes.accepted))
        out.sample("lanstitch_handshakes_total", [("result", "refused")], Double(handshakes.refused))
        out.counter("lanstitch_sessions_opened_total", "Control sessions opened.", handshakes.sessionsOpened)
        out.counter("lanstitch_sessions_closed_total", "Control sessions closed.", handshakes.sessionsClosed)
        out.counter(
            "lanstitch_link_failures_total", "Link attempts from here that failed and up links that were lost.",
            handshakes.linkFailures)
        if let door = handshakes.frontDoor { frontDoorMetrics(door, into: &out) }
        out.family("lanstitch_packets_dropped_total", .counter, "Packets dropped, by reason.")
        for drop in status.drops {
            out.sample("lanstitch_packets_dropped_total", [("reason", reasonLabel(drop.reason))], Double(drop.count))
        }
        routeMetrics(status.routes, into: &out)
        if let process { processMetrics(process, into: &out) }
        return out.text
    }

    static func linkMetrics(_ links: [LinkStatus], into out: inout MetricsWriter) {
        out.family("lanstitch_link_up", .gauge, "1 when data flows over the server link, else 0.")
        for link in links { out.sample("lanstitch_link_up", labels(link), link.state == .up ? 1 : 0) }
        out.family("lanstitch_link_rtt_seconds", .gauge, "Round trip of the last link probe answered.")
        for link in links {
            if let rtt = link.rttSeconds { out.sample("lanstitch_link_rtt_seconds", labels(link), rtt) }
        }
        out.family("lanstitch_link_loss_ratio", .gauge, "Share of recent link probes that got no reply.")
        for link in links {
            if let loss = link.loss { out.sample("lanstitch_link_loss_ratio", labels(link), loss) }
        }
        out.family("lanstitch_link_bytes_total", .counter, "Bytes of tunnelled packets over the link.")
        for link in links {
            out.sample("lanstitch_link_bytes_total", labels(link) + [("direction", "in")], Double(link.traffic.bytesIn))
            out.sample(
                "lanstitch_link_bytes_total", labels(link) + [("direction", "out")], Double(link.traffic.bytesOut))
        }
        out.family("lanstitch_link_packets_total", .counter, "Tunnelled packets over the link.")
        for link in links {
            out.sample(
                "lanstitch_link_packets_total", labels(link) + [("direction", "in")], Double(link.traffic.packetsIn))
            out.sample(
                "lanstitch_link_packets_total", labels(link) + [("direction", "out")], Double(link.traffic.packetsOut))
        }
    }

    static func labels(_ link: LinkStatus) -> [(String, String)] {
        [("peer", link.peer), ("link_direction", link.direction.rawValue)]
    }

    static func clientMetrics(_ clients: [ClientStatus], into out: inout MetricsWriter) {
        out.family("lanstitch_clients_connected", .gauge, "Members connected to this server.")
        out.sample("lanstitch_clients_connected", [], Double(clients.count))
        let total = clients.reduce(into: (bytesIn: 0, bytesOut: 0, packetsIn: 0, packetsOut: 0)) { sum, client in
            sum.bytesIn += client.traffic.bytesIn
            sum.bytesOut += client.traffic.bytesOut
            sum.packetsIn += client.traffic.packetsIn
            sum.packetsOut += client.traffic.packetsOut
        }
        out.family("lanstitch_client_bytes_total", .counter, "Bytes of tunnelled packets of connected members.")
        out.sample("lanstitch_client_bytes_total", [("direction", "in")], Double(total.bytesIn))
        out.sample("lanstitch_client_bytes_total", [("direction", "out")], Double(total.bytesOut))
        out.family("lanstitch_client_packets_total", .counter, "Tunnelled packets of connected members.")
        out.sample("lanstitch_client_packets_total", [("direction", "in")], Double(total.packetsIn))
        out.sample("lanstitch_client_packets_total", [("direction", "out")], Double(total.packetsOut))
    }

    static func frontDoorMetrics(_ door: FrontDoorCounts, into out: inout MetricsWriter) {
        out.counter("lanstitch_front_door_resets_total", "Authentic first hard resets over UDP.", door.resets)
        out.counter("lanstitch_front_door_reset_bytes_total", "Bytes of those hard resets.", door.resetBytes)
        out.counter("lanstitch_front_door_replies_total", "Stateless replies (cookies) sent.", door.replies)
        out.counter("lanstitch_front_door_reply_bytes_total", "Bytes of those replies.", door.replyBytes)
        out.counter(
            "lanstitch_front_door_cookies_verified_total", "Sessions restored from a verified cookie.",
            door.cookiesVerified)
        out.family("lanstitch_front_door_half_open", .gauge, "Sessions not yet accepted.")
        out.sample("lanstitch_front_door_half_open", [], Double(door.halfOpen))
    }

    static func routeMetrics(_ routes: RouteSummary, into out: inout MetricsWriter) {
        out.family("lanstitch_routes", .gauge, "The plan's internal routes by kind.")
        for (kind, count) in [
            ("clients", routes.clients), ("site", routes.site), ("link", routes.link),
            ("unreachable", routes.unreachable),
        ] {
            out.sample("lanstitch_routes", [("kind", kind)], Double(count))
        }
        out.family("lanstitch_kernel_routes", .gauge, "Kernel routes lanstitch installed.")
        out.sample("lanstitch_kernel_routes", [], Double(routes.kernelRoutes))
        out.counter("lanstitch_route_reconciliations_total", "Kernel route reconciliations.", routes.reconciliations)
        out.counter(
            "lanstitch_replans_total",
            "Re-plans of the internal routes after links failed or returned or members roamed.",
            routes.replans)
    }

    static func processMetrics(_ process: ProcessSample, into out: inout MetricsWriter) {
        out.family("process_resident_memory_bytes", .gauge, "Resident memory size in bytes.")
        out.sample("process_resident_memory_bytes", [], Double(process.residentBytes))
        out.family("process_cpu_seconds_total", .counter, "Total user and system CPU time spent in seconds.")
        out.sample("process_cpu_seconds_total", [], process.cpuSeconds)
        out.family("process_start_time_seconds", .gauge, "Start time of the process since unix epoch in seconds.")
        out.sample("process_start_time_seconds", [], process.startTime)
        if let descriptors = process.openDescriptors {
            out.family("process_open_fds", .gauge, "Number of open file descriptors.")
            out.sample("process_open_fds", [], Double(descriptors))
        }
    }

    /// A drop reason as a label value: lower case, runs of anything but letters and digits as
    /// one "_" ("front door: not an authentic hard reset" → "front_door_not_an_authentic_hard_reset").
    public static func reasonLabel(_ reason: String) -> String {
        var label = ""
        for character in reason.lowercased() {
            if character.isASCII, character.isLetter || character.isNumber {
                label.append(character)
            } else if !label.isEmpty, label.last != "_" {
                label.append("_")
            }
        }
        while label.last == "_" { label.removeLast() }
        return label.isEmpty ? "other" : label
    }
}
