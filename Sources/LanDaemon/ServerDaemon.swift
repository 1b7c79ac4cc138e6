// ServerDaemon: `lanstitch server` — one event loop (epoll) over the UDP socket, the TCP
// listener and its streams, and the TUN device. The map (docs/tunnel-design.md):
//
//   TCP in ─▶ 2-byte-length frames (reference §1) ─▶ each frame as a UDP datagram below, with
//             replies framed back onto the same stream (ServerDaemon+TCP.swift)
//   UDP in ─▶ first byte: P_DATA_V2 ─▶ peer id ─▶ open in place ─▶ replay ─▶ ping? drop
//                                   ─▶ source must be the client's lease ─▶ forward(dst)
//             control ─▶ connection by endpoint ─▶ ControlSession ─▶ events (accept, keys, close)
//             no connection ─▶ front door: only an authentic HARD_RESET_CLIENT_V2 makes one
//   TUN in ─▶ forward(dst)
//   forward: a connected client's address ─▶ seal ─▶ UDP or TCP out; own host, sites, elsewhere ─▶ TUN
//            behind a server link ─▶ that link (ServerDaemon+Links.swift); TTL decremented, ICMP
//            errors for no route, an absent member, an expired TTL
//
// Version 1 copies a packet once between the receive and send batches; the speed issue removes
// that copy and adds offloads and workers.

import Foundation
import LanCrypto
import LanForwarding
import LanHost
import LanPlan
import LanProtocol
import LanRoutes
import LanValues
import LanWire

/// The server daemon. Not thread-safe: `run()` owns it; `stop()` may be called from anywhere.
public final class ServerDaemon {
    var configuration: DaemonConfiguration
    /// How long a data-channel key lives before this server renegotiates (reneg-sec).
    let keyLifetime: Duration
    /// The packet id from which a key is renegotiated (tests lower it).
    let renegotiationPacketID: UInt32
    let log: @Sendable (String) -> Void
    var sessionConfiguration: SessionConfiguration
    var frontDoor: TLSCrypt
    let clock: any DaemonClock
    let tun: any DaemonTun
    let udp: (any DaemonSocket)?
    let tcp: (any DaemonStreamListener)?
    let poller: any EventPoller
    let kernelRoutes: any RouteInstaller
    let network: any HostNetwork
    /// Binds the UDP socket of each dialled link.
    let bindUDP: (IPv4Endpoint) throws -> any DaemonSocket
    /// Opens the TCP stream of each dialled link.
    let connectTCP: (IPv4Endpoint) throws -> any DaemonStream
    /// Resolves each dialled link's peer host at every attempt.
    let resolve: Resolver
    /// Site subnets the server masquerades LAN traffic into (nftables table `ip lanstitch`).
    var masqueraded: [IPv4Prefix]
    var byEndpoint: [IPv4Endpoint: Connection] = [:]
    var byPeerID: [UInt32: Connection] = [:]
    var byAddress: [IPv4Address: Connection] = [:]
    /// Links peers dialled here, by peer server name.
    var acceptedLinks: [String: Connection] = [:]
    /// The links this server dials (the plan's `dials`), by peer and by poller token.
    var dialers: [LinkDialer] {
        didSet {
            dialersByPeer = Dictionary(uniqueKeysWithValues: dialers.map { ($0.peer, $0) })
            dialersByToken = Dictionary(uniqueKeysWithValues: dialers.map { ($0.token, $0) })
        }
    }
    var dialersByPeer: [String: LinkDialer]
    var dialersByToken: [UInt64: LinkDialer]
    /// The next poller token for a dialer made by a reload.
    var nextDialerToken: UInt64
    /// Where ICMP errors are built, and how many may still be sent this second.
    let icmpScratch = UnsafeMutableRawBufferPointer.allocate(byteCount: 128, alignment: 1)
    var icmpBudget = ICMPBudget(perSecond: 100)
    /// The broadcast relay, when the LAN has `broadcast_relay: true`.
    var broadcastRelay: BroadcastRelay?
    /// The forwarding table and broadcast-tree neighbours now: the plan's at start, then
    /// re-planned as links fail and return and members roam (ServerDaemon+LinkState.swift).
    var routes: RouteTable<ForwardingTarget>
    var broadcastPeers: [String]
    var linkState: LinkStateDatabase
    /// What the routes were last planned from; nil forces the next re-plan.
    var liveState: LiveState? = LiveState()
    var advertisedPeers: Set<String> = []
    var advertisedMembers: [IPv4Address] = []
    var lastAdvertised = Timestamp.zero
    var ownSequence: UInt64 = 0
    let ownPools: [IPv4Prefix]
    var nextPeerID: UInt32 = 0
    /// When `run` next calls `runTimers` (see `nextTimers`).
    var timersDue = Timestamp.zero
    public internal(set) var counters = ServerCounters()
    let received = PacketBatch(capacity: 64)
    let fromTun = PacketBatch(capacity: 64)
    let toUDP = PacketBatch(capacity: 256)
    let toTun = PacketBatch(capacity: 256)
    /// One sealing slot for a data packet bound for a TCP stream (copied into its output).
    let toTCP = PacketBatch(capacity: 1)
    /// Where TCP reads land before the frame decoder takes them.
    let streamScratch = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 16, alignment: 1)
    /// Accepted TCP streams by poller token.
    var tcpPeers: [UInt64: TCPPeer] = [:]
    var nextStreamToken = ServerDaemon.firstStreamToken
    /// The control socket, the metrics endpoint, link probes and the structured logger.
    let observation: Observation
    let stopFlag = StopFlag()
    /// Set by SIGHUP; the loop re-reads the bundle (ServerDaemon+Reload.swift).
    let reloadFlag = StopFlag()
    var generator = SystemRandomNumberGenerator()

    /// Opens the TUN device, sets its address, installs the plan's kernel routes, turns on
    /// forwarding and binds the UDP port and the TCP port (a bundle offers either or both), all
    /// through `host` (LanCommands' LinuxHosts.server() for the real thing). Throws with the failing step.
    /// `renegotiationPacketID`: a key is renegotiated once it has sent that many packets, well
    /// before its 32-bit packet id wraps (DataHeader.packetIDWrapTrigger, OpenVPN's 0xFF000000).
    /// `keyLifetime` is how long a data-channel key is used before this server renegotiates, for
    /// members and accepted links (dialled links leave it to the side they dial). 3240 s is 90 %
    /// of OpenVPN's default reneg-sec, so the server starts before a stock client that keeps
    /// the default, and the two never start at once.
    public init(
        configuration: DaemonConfiguration, host: ServerHost, log: @escaping @Sendable (String) -> Void,
        observe: ObservationSettings = .none, keyLifetime: Duration = .seconds(3240),
        renegotiationPacketID: UInt32 = DataHeader.packetIDWrapTrigger
    ) throws {
        self.configuration = configuration
        self.keyLifetime = keyLifetime
        self.renegotiationPacketID = renegotiationPacketID
        self.log = log
        clock = host.clock
        poller = host.poller
        kernelRoutes = host.routes
        network = host.network
        bindUDP = host.bindUDP
        connectTCP = host.connectTCP
        resolve = host.resolve
        let tls = try TLSContext(
            TLSConfiguration(
                role: .server, authority: configuration.authority, certificate: configuration.certificate,
                privateKey: configuration.key, crlPEM: configuration.crlPEM))
        sessionConfiguration = SessionConfiguration(
            role: .server, tls: tls, tlsCrypt: configuration.tlsCrypt, options: OCCOptionsString.server,
            renegotiateAfter: keyLifetime, unixTime: UInt32(host.clock.unixTime))
        frontDoor = try TLSCrypt(staticKey: configuration.tlsCrypt, role: .server)
        dialers = try Self.makeDialers(configuration)
        broadcastRelay = BroadcastRelay(configuration.settings)
        routes = configuration.routes
        broadcastPeers = broadcastRelay?.peers ?? []
        linkState = LinkStateDatabase(
            me: configuration.settings.server,
            planned: configuration.settings.lanGraph?.links.map { LinkID($0.dialer, $0.listener) } ?? [])
        ownPools = configuration.plan.pools
        dialersByPeer = Dictionary(uniqueKeysWithValues: dialers.map { ($0.peer, $0) })
        dialersByToken = Dictionary(uniqueKeysWithValues: dialers.map { ($0.token, $0) })
        nextDialerToken = Self.firstDialerToken + UInt64(dialers.count)
        let plan = configuration.plan
        tun = try host.openTun(plan.device)
        try network.configureTunnel(
            tun.name, address: configuration.tunnelAddress, prefixLength: plan.pools.first?.length ?? 32, mtu: 1500)
        observation = try Observation(
            observe, server: configuration.settings.server, tunnel: configuration.tunnelAddress, host: host)
        let desired = Set(plan.kernelRoutes.map { KernelRouteEntry(prefix: $0.prefix, device: $0.device) })
        let changes = try kernelRoutes.reconcile(to: desired)
        observation.reconciled(installed: desired.count, changes: changes.count)
        try network.enableForwarding()
        if configuration.settings.broadcast?.sites == true { try network.enableBroadcastForwarding(plan.device) }
        masqueraded = configuration.settings.masquerade
        if !masqueraded.isEmpty {
            try network.installMasquerade(SiteMasquerade(sites: masqueraded, sources: plan.pushedRoutes))
        }
        let listen = configuration.settings.listen
        guard listen.udp != nil || listen.tcp != nil else {
            throw DaemonError("this bundle offers neither a UDP nor a TCP port; give the server a listen port")
        }
        let any = IPv4Address(0)
        udp = try listen.udp.map { try host.bindUDP(IPv4Endpoint(address: any, port: UInt16($0))) }
        tcp = try listen.tcp.map { try host.listenTCP(IPv4Endpoint(address: any, port: UInt16($0))) }
        if let udp { try poller.add(udp.pollHandle, interest: .readable, token: Self.udpToken) }
        if let tcp { try poller.add(tcp.pollHandle, interest: .readable, token: Self.listenerToken) }
        try poller.add(tun.pollHandle, interest: .readable, token: Self.tunToken)
        try observation.register(with: poller)
        let ports = [udp.map { "UDP \($0.localEndpoint)" }, tcp.map { "TCP \($0.localEndpoint)" }].compactMap { $0 }
        let links = plan.dials.filter(\.up).map(\.peer) + plan.accepts.filter(\.up).map { "\($0.peer) (accepts)" }
        log(
            "server \(configuration.settings.server): \(tun.name) \(configuration.tunnelAddress), \(ports.joined(separator: ", ")), \(changes.count) kernel routes installed\(masqueraded.isEmpty ? "" : ", masquerading into \(masqueraded.map(\.description).joined(separator: ", "))"), links: \(links.isEmpty ? "none" : links.joined(separator: ", ")); \(tun.name) offload: \(tun.offloadState)"
        )
    }

    deinit {
        streamScratch.deallocate()
        icmpScratch.deallocate()
    }

    /// Poller tokens: the UDP socket, the TUN device, the TCP listener, then one per stream.
    static let udpToken: UInt64 = 1
    static let tunToken: UInt64 = 2
    static let listenerToken: UInt64 = 3
    static let firstStreamToken: UInt64 = 16

    var now: Timestamp { clock.now }
    /// Milliseconds since 1970, for LSA sequence numbers that keep growing across restarts.
    var wallClockMilliseconds: Int64 { Int64(clock.unixTime * 1000) }

    /// Asks `run()` to return; safe from signal handlers' dispatch queues.
    public func stop() { stopFlag.set() }

    /// A function that stops the daemon, to hand to signal handlers on other threads.
    public var stopHandle: @Sendable () -> Void {
        let flag = stopFlag
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
        if reloadFlag.take() { reload() }
        let wait = max(0, min(Int64(limit), timersDue.milliseconds - now.milliseconds))
        _ = try poller.wait(timeoutMilliseconds: Int(wait)) { event in
            switch event.token {
            case Self.udpToken: try receiveUDP()
            case Self.tunToken: try receiveTun()
            case Self.listenerToken: acceptStreams()
            case Self.controlToken: acceptObservers(.control)
            case Self.metricsToken: acceptObservers(.metrics)
            case Self.firstObserverToken..<Self.firstDialerToken:
                serviceObserver(token: event.token, events: event.events)
            case Self.firstDialerToken...:
                if let dialer = dialersByToken[event.token] { receiveFromDialer(dialer) }
            default: serviceStream(token: event.token, events: event.events)
            }
        }
        if now >= timersDue {
            runTimers()
            timersDue = nextTimers()
        }
        try flush()
    }

    /// The way out: members told to reconnect, links closed, kernel routes and the masquerade
    /// table removed.
    func shutdown() {
        tellMembersToReconnect()
        closeDialers()
        observation.close()
        if !masqueraded.isEmpty { try? network.removeMasquerade() }
        let removed = (try? kernelRoutes.removeAll())?.count ?? 0
        log("server \(configuration.settings.server): stopping; removed \(removed) kernel routes")
    }

    /// On the way out: every connected member is told RESTART (what OpenVPN's server sends with
    /// explicit-exit-notify), so stock clients reconnect at once instead of waiting for their
    /// ping-restart; a restarted server has them back in about a second.
    func tellMembersToReconnect() {
        for connection in connections where connection.linkPeer == nil && connection.data.isReady {
            try? connection.session.send(text: "RESTART")
            pump(connection)
        }
        try? flush()
    }

    /// When the timers next run: the soonest session wakeup, but at least 10 ms and at most
    /// 200 ms away. Between those, packets pump only their own connection, so a busy loop never
    /// scans every connection per batch.
    func nextTimers() -> Timestamp {
        let sessions = connections.compactMap(\.session.nextWakeup) + dialers.compactMap(\.nextWakeup)
        let soonest = sessions.min() ?? .distantFuture
        let current = now
        return min(current + .milliseconds(200), max(soonest, current + .milliseconds(10)))
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
