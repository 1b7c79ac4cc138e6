// ServerDaemon: `lanstitch server` — the thin loop over the server's components. It builds
// them from the host it is given (ServerHost: the real one from LanCommands' LinuxHosts, or
// in-memory fakes in tests), dispatches readiness to them, runs their timers and sends what
// they queued. Each component owns its state (docs/architecture.md):
//
//   ServerContext    configuration, counters, this turn's time, logs
//   PeerTable        connections by endpoint, peer id, lease, link name; dialers by peer
//   DataPlane        classify ─▶ open ─▶ demultiplex ─▶ admit ─▶ route ─▶ seal ─▶ emit
//   Sessions         front door, control sessions, Admission, keepalive
//   StreamTransport  TCP streams: accept, frames, output, slowloris deadlines
//   LinkSupervisor   the links this server dials (LinkDialer state machine)
//   LinkStateRouter  LSAs, flooding, re-planning the data plane's routes
//   LinkProber       link round trips and loss
//   Observation      control socket and /metrics (ObserverService), route facts
//   HostRoutes       kernel routes, forwarding, masquerade
//
//   turn: reload? ─▶ wait (≤ 200 ms, never past the timers) ─▶ tick ─▶ dispatch ─▶ events
//         ─▶ timers when due ─▶ flush (UDP, dialled links, streams, TUN)

import Foundation
import LanCrypto
import LanDataPlane
import LanHost
import LanProtocol
import LanStatus
import LanValues
import LanWire

/// The server daemon. Not thread-safe: `run()` owns it; `stop()` may be called from anywhere.
public final class ServerDaemon {
    let context: ServerContext
    let poller: any EventPoller
    let peers = PeerTable()
    let prober: LinkProber
    let dataPlane: DataPlane
    let streams: StreamTransport
    let observation: Observation
    let sessions: Sessions
    let supervisor: LinkSupervisor
    let router: LinkStateRouter
    let hostRoutes: HostRoutes
    let tcp: (any DaemonStreamListener)?
    /// When `turn` next runs the timers (see `nextTimers`).
    var timersDue = Timestamp.zero
    let stopFlag = StopFlag()
    /// Set by SIGHUP; the loop re-reads the bundle (Reload.swift).
    let reloadFlag = StopFlag()

    /// Opens the TUN device, sets its address, installs the plan's kernel routes, turns on
    /// forwarding and binds the UDP port and the TCP port (a bundle offers either or both), all
    /// through `host` (LanCommands' LinuxHosts.server() for the real thing). Throws with the
    /// failing step. `renegotiationPacketID`: a key is renegotiated once it has sent that many
    /// packets, well before its 32-bit packet id wraps (DataHeader.packetIDWrapTrigger,
    /// OpenVPN's 0xFF000000). `keyLifetime` is how long a data-channel key is used before this
    /// server renegotiates, for members and accepted links (dialled links leave it to the side
    /// they dial). 3240 s is 90 % of OpenVPN's default reneg-sec, so the server starts before a
    /// stock client that keeps the default, and the two never start at once.
    public init(
        configuration: DaemonConfiguration, host: ServerHost, log: @escaping @Sendable (String) -> Void,
        observe: ObservationSettings = .none, keyLifetime: Duration = .seconds(3240),
        renegotiationPacketID: UInt32 = DataHeader.packetIDWrapTrigger
    ) throws {
        let context = ServerContext(
            configuration: configuration, clock: host.clock, log: log, logger: observe.logger,
            keyLifetime: keyLifetime, renegotiationPacketID: renegotiationPacketID)
        self.context = context
        poller = host.poller
        let tls = try TLSContext(
            TLSConfiguration(
                role: .server, authority: configuration.authority, certificate: configuration.certificate,
                privateKey: configuration.key, crlPEM: configuration.crlPEM))
        let plan = configuration.plan
        let listen = configuration.settings.listen
        guard listen.udp != nil || listen.tcp != nil else {
            throw DaemonError("this bundle offers neither a UDP nor a TCP port; give the server a listen port")
        }
        let tun = try host.openTun(plan.device)
        try host.network.configureTunnel(
            tun.name, address: configuration.tunnelAddress, prefixLength: plan.pools.first?.length ?? 32, mtu: 1500)
        observation = try Observation(
            observe, context: context, server: configuration.settings.server, tunnel: configuration.tunnelAddress,
            host: host)
        hostRoutes = HostRoutes(
            context: context, host: host, observation: observation,
            metricsPort: observation.metricsOnTunnel(configuration.tunnelAddress))
        let changes = try hostRoutes.install()
        let any = IPv4Address(0)
        let udp = try listen.udp.map { try host.bindUDP(IPv4Endpoint(address: any, port: UInt16($0))) }
        tcp = try listen.tcp.map { try host.listenTCP(IPv4Endpoint(address: any, port: UInt16($0))) }
        prober = LinkProber(clock: host.clock)
        dataPlane = DataPlane(
            time: context.time, counters: context.counters, peers: peers.directory, prober: prober, tun: tun, udp: udp,
            tunnelAddress: configuration.tunnelAddress, routes: configuration.routes,
            broadcastRelay: BroadcastRelay(configuration.settings), log: log)
        streams = StreamTransport(context: context, poller: host.poller, listener: tcp)
        sessions = try Sessions(
            context: context, peers: peers, dataPlane: dataPlane, streams: streams, observation: observation, tls: tls)
        supervisor = try LinkSupervisor(context: context, peers: peers, dataPlane: dataPlane, host: host)
        router = LinkStateRouter(context: context, peers: peers, dataPlane: dataPlane, observation: observation)
        if let udp { try poller.add(udp.pollHandle, interest: .readable, token: Self.udpToken) }
        if let tcp { try poller.add(tcp.pollHandle, interest: .readable, token: Self.listenerToken) }
        try poller.add(tun.pollHandle, interest: .readable, token: Self.tunToken)
        try observation.register()
        let ports = [udp.map { "UDP \($0.localEndpoint)" }, tcp.map { "TCP \($0.localEndpoint)" }].compactMap { $0 }
        let links = plan.dials.filter(\.up).map(\.peer) + plan.accepts.filter(\.up).map { "\($0.peer) (accepts)" }
        let masqueraded = hostRoutes.masqueraded
        log(
            "server \(configuration.settings.server): \(tun.name) \(configuration.tunnelAddress), \(ports.joined(separator: ", ")), \(changes) kernel routes installed\(masqueraded.isEmpty ? "" : ", masquerading into \(masqueraded.map(\.description).joined(separator: ", "))"), links: \(links.isEmpty ? "none" : links.joined(separator: ", ")); \(tun.name) offload: \(tun.offloadState)"
        )
    }

    /// Poller tokens: the UDP socket, the TUN device, the TCP listener, the observers'
    /// listeners; then streams (StreamTransport.firstToken), observer connections
    /// (Observation.firstStreamToken) and dialers (LinkSupervisor.firstToken).
    static let udpToken: UInt64 = 1
    static let tunToken: UInt64 = 2
    static let listenerToken: UInt64 = 3

    /// What the server counts, for status, metrics and tests.
    public var counters: ServerCounters { context.counters }
    /// Every connection, on either transport; the links this server dials.
    var connections: [Connection] { peers.connections }
    var dialers: [LinkDialer] { supervisor.dialers }

    /// Asks `run()` to return; safe from signal handlers' dispatch queues.
    public func stop() { stopFlag.set() }

    /// A function that stops the daemon, to hand to signal handlers on other threads.
    public var stopHandle: @Sendable () -> Void {
        let flag = stopFlag
        return { flag.set() }
    }

    /// A function that asks the loop to reload, for the SIGHUP handler.
    public var reloadHandle: @Sendable () -> Void {
        let flag = reloadFlag
        return { flag.set() }
    }

    /// Runs until `stop()`; then removes the kernel routes lanstitch installed.
    public func run() throws {
        while !stopFlag.isSet { try turn() }
        shutdown()
    }

    /// One pass of the loop: a reload if SIGHUP asked for one, then readiness (waiting at most
    /// `limit` ms, and never past the timers), then the timers when due, then the queued output.
    /// In-process tests call it with `limit: 0` after moving their clock.
    func turn(waitingAtMost limit: Int = 200) throws {
        context.tick()
        if reloadFlag.take() { reload() }
        let wait = max(0, min(Int64(limit), timersDue.milliseconds - context.now.milliseconds))
        var woke = false
        _ = try poller.wait(timeoutMilliseconds: Int(wait)) { event in
            if !woke {
                context.tick()
                woke = true
            }
            try dispatch(event)
            handleEvents()
        }
        context.tick()
        if context.now >= timersDue {
            runTimers()
            timersDue = nextTimers()
        }
        flush()
    }

    /// Re-reads the bundle and applies it (SIGHUP; Reload.swift).
    func reload() {
        Reload(
            context: context, peers: peers, sessions: sessions, dataPlane: dataPlane, router: router,
            supervisor: supervisor, host: hostRoutes
        ).run()
    }

    /// Hands one readiness event to the component that owns its source.
    func dispatch(_ event: PollEvent) throws {
        switch event.token {
        case Self.udpToken: try dataPlane.receiveUDP { sessions.receiveControl(Array($0), via: .udp($1)) }
        case Self.tunToken: try dataPlane.receiveTun()
        case Self.listenerToken: streams.acceptStreams()
        case Observation.controlToken: observation.acceptObservers(.control)
        case Observation.metricsToken: observation.acceptObservers(.metrics)
        case Observation.firstStreamToken..<LinkSupervisor.firstToken:
            observation.serviceObserver(token: event.token, events: event.events) { status() }
        case LinkSupervisor.firstToken...:
            if let dialer = supervisor.dialer(token: event.token) { supervisor.receive(dialer) }
        default:
            streams.service(token: event.token, events: event.events) { bytes, peer in
                dataPlane.receive(bytes, from: peer) { sessions.receiveControl(Array($0), via: .tcp(peer)) }
            }
        }
    }

    /// Acts on what the data plane and the streams queued for the loop.
    func handleEvents() {
        for event in dataPlane.takeEvents() {
            switch event {
            case .exit(let peer):
                if let connection = peers.byPeerID[peer.channel.peerID.value], connection.data === peer {
                    sessions.close(connection, reason: "OCC exit")
                }
            case .advertisement(let payload, let peer): router.receive(payload, from: peer)
            case .linkBroken(let peer, let reason): supervisor.broken(peer, reason: reason)
            }
        }
        for (peer, reason) in streams.takeEnded() { sessions.streamEnded(peer, reason: reason) }
    }

    /// The timers of every component (§9.3 and the links').
    func runTimers() {
        streams.expireHandshaking()
        observation.expireObservers()
        supervisor.serviceTimers()
        router.serviceTimers()
        prober.probe(peers.livePeers, from: context.tunnelAddress, now: context.now) { packet, peer in
            _ = dataPlane.sendOverLink(packet, to: peer)
        }
        sessions.serviceTimers()
        handleEvents()
    }

    /// Sends everything queued this turn.
    func flush() {
        dataPlane.flushUDP()
        dataPlane.flushDialled()
        handleEvents()
        streams.flushAll()
        handleEvents()
        dataPlane.flushTun()
    }

    /// When the timers next run: the soonest session wakeup, but at least 10 ms and at most
    /// 200 ms away. Between those, packets pump only their own connection, so a busy loop never
    /// scans every connection per batch.
    func nextTimers() -> Timestamp {
        let sessions = peers.connections.compactMap(\.session.nextWakeup) + dialers.compactMap(\.nextWakeup)
        let soonest = sessions.min() ?? .distantFuture
        let current = context.now
        return min(current + .milliseconds(200), max(soonest, current + .milliseconds(10)))
    }

    /// This server's live view now.
    func status() -> ServerStatus {
        let listen = [
            dataPlane.udp.map { "udp \($0.localEndpoint)" }, tcp.map { "tcp \($0.localEndpoint)" },
        ].compactMap { $0 }
        return StatusReport(
            context: context, observation: observation, peers: peers, dialers: dialers, prober: prober,
            listen: listen
        ).status()
    }

    /// The way out: every connected member is told RESTART (what OpenVPN's server sends with
    /// explicit-exit-notify), so stock clients reconnect at once instead of waiting for their
    /// ping-restart; links are closed with EXIT; kernel routes and the masquerade table removed.
    func shutdown() {
        for connection in peers.connections where connection.linkPeer == nil && connection.data.isReady {
            sessions.tell(connection, "RESTART")
        }
        supervisor.closeAll()
        flush()
        streams.closeAll()
        observation.close()
        let removed = hostRoutes.removeAll()
        context.log("server \(context.server): stopping; removed \(removed) kernel routes")
    }
}

/// A stop request shared with signal handlers.
final class StopFlag: @unchecked Sendable {
    // @unchecked: the flag is only touched under `lock`.
    private let lock = NSLock()
    private var value = false
    func set() { lock.withLock { value = true } }
    /// True once after each `set()` (clears the flag).
    func take() -> Bool {
        lock.withLock {
            defer { value = false }
            return value
        }
    }
    var isSet: Bool { lock.withLock { value } }
}

/// A daemon failure with a plain message.
public struct DaemonError: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
