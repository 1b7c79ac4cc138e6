// StatusReport: the server's live view, built from what its components already keep
// (counters of connections, dialers and the server, link probes, the plan), only when the
// control socket or /metrics asks. Nothing here runs per packet.

import LanBundle
import LanDataPlane
import LanHost
import LanPlan
import LanProtocol
import LanStatus
import LanValues

/// Reads the components into a ServerStatus.
struct StatusReport {
    let context: ServerContext
    let observation: Observation
    let peers: PeerTable
    let dialers: [LinkDialer]
    let prober: LinkProber
    /// The listening endpoints ("udp 0.0.0.0:1194", "tcp …").
    let listen: [String]

    /// This server's live view now.
    func status() -> ServerStatus {
        let current = context.now
        let counters = context.counters
        let config = context.configuration.settings
        let server = ServerInfo(
            name: config.server, lan: config.lan, tunnelAddress: "\(context.tunnelAddress)",
            version: observation.settings.version, started: observation.started.timeIntervalSince1970,
            listen: listen, control: observation.controlPath,
            metrics: observation.metrics.map { "\($0.localEndpoint)" })
        let drops = counters.drops.map { DropCount(reason: $0.key, count: $0.value) }.sorted {
            ($0.count, $1.reason) > ($1.count, $0.reason)
        }
        var handshakes = HandshakeCounts(
            accepted: counters.handshakesAccepted, refused: counters.handshakesRefused,
            sessionsOpened: counters.sessionsOpened, sessionsClosed: counters.sessionsClosed,
            linkFailures: counters.linkFailures)
        handshakes.frontDoor = FrontDoorCounts(
            resets: counters.frontDoorResets, resetBytes: counters.frontDoorResetBytes,
            replies: counters.frontDoorReplies, replyBytes: counters.frontDoorReplyBytes,
            cookiesVerified: counters.frontDoorCookiesVerified,
            halfOpen: peers.connections.count { $0.acceptedAt == nil })
        return ServerStatus(
            time: observation.unixTime(current), server: server, links: dialledLinks() + acceptedLinkViews(),
            clients: clientViews(), routes: routeSummary(), drops: drops, handshakes: handshakes)
    }

    func dialledLinks() -> [LinkStatus] {
        dialers.map { dialer in
            let state: LinkStatus.State
            let since: Timestamp?
            switch dialer.state {
            case .idle: (state, since) = (.down, dialer.changed)
            case .connecting(let start): (state, since) = (.connecting, start)
            case .up(let start): (state, since) = (dialer.isUp ? .up : .connecting, start)
            }
            let remote = dialer.currentRemote
            let endpoint = dialer.link.map { "\($0.transportName) \($0.server)" }
            return linkView(
                peer: dialer.peer, direction: .dials, state: state, since: since, traffic: traffic(dialer.counters),
                cipher: dialer.cipher,
                endpoint: endpoint ?? "\(remote.transport.rawValue) \(remote.host):\(remote.port)",
                lastError: dialer.lastError)
        }
    }

    func acceptedLinkViews() -> [LinkStatus] {
        context.plan.accepts.filter(\.up).map { accept in
            guard let connection = peers.acceptedLinks[accept.peer] else {
                let ended = observation.acceptedLinkEnded[accept.peer]
                return linkView(
                    peer: accept.peer, direction: .accepts, state: .down, since: ended?.at,
                    traffic: Traffic(bytesIn: 0, bytesOut: 0, packetsIn: 0, packetsOut: 0), cipher: nil,
                    endpoint: nil, lastError: ended?.reason ?? "\(accept.peer) has not dialled here")
            }
            return linkView(
                peer: accept.peer, direction: .accepts, state: connection.data.isReady ? .up : .connecting,
                since: connection.acceptedAt, traffic: traffic(connection.counters), cipher: connection.cipher,
                endpoint: connection.transport.text, lastError: nil)
        }
    }

    func linkView(
        peer: String, direction: LinkStatus.Direction, state: LinkStatus.State, since: Timestamp?, traffic: Traffic,
        cipher: String?, endpoint: String?, lastError: String?
    ) -> LinkStatus {
        let probe = prober.record(peer)
        return LinkStatus(
            peer: peer, direction: direction, state: state, since: since.map(observation.unixTime),
            rttSeconds: probe?.rtt.map(Self.seconds), loss: probe?.loss(at: prober.elapsed),
            probesSent: probe?.sent ?? 0,
            probesAnswered: probe?.answered ?? 0,
            traffic: traffic, cipher: cipher, endpoint: endpoint, lastError: lastError)
    }

    /// `duration` in seconds.
    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    func clientViews() -> [ClientStatus] {
        peers.connections.filter { $0.linkPeer == nil }.compactMap { connection in
            guard let name = connection.commonName, let address = connection.address else { return nil }
            let transport: String
            if case .tcp = connection.transport { transport = "tcp" } else { transport = "udp" }
            return ClientStatus(
                name: name, address: "\(address)", endpoint: "\(connection.endpoint)", transport: transport,
                cipher: connection.cipher, since: observation.unixTime(connection.acceptedAt ?? context.now),
                traffic: traffic(connection.counters), spoofed: connection.counters.spoofed)
        }.sorted { $0.name < $1.name }
    }

    func routeSummary() -> RouteSummary {
        var kinds = observation.liveRouteKinds ?? [:]
        if observation.liveRouteKinds == nil {
            for route in context.plan.internalRoutes { kinds[route.via.kind, default: 0] += 1 }
        }
        var summary = RouteSummary(
            clients: kinds["clients"] ?? 0, site: kinds["site"] ?? 0, link: kinds["link"] ?? 0,
            unreachable: kinds["unreachable"] ?? 0, kernelRoutes: observation.kernelRoutes,
            reconciliations: observation.reconciliations,
            lastReconcile: observation.lastReconcile?.timeIntervalSince1970, lastChanges: observation.lastChanges)
        summary.replans = context.counters.replans
        summary.lastReplan = observation.lastReplan?.timeIntervalSince1970
        return summary
    }

    func traffic(_ counters: PeerTraffic) -> Traffic {
        Traffic(
            bytesIn: counters.bytesIn, bytesOut: counters.bytesOut, packetsIn: counters.packetsIn,
            packetsOut: counters.packetsOut)
    }
}
