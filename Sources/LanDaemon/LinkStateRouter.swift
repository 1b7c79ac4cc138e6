// LinkStateRouter: the server's side of link state (LinkState.swift) — originate this server's
// LSA when its live links or roaming members change (and every 5 s), flood newer LSAs on, and
// re-plan the data plane's forwarding table and broadcast tree with LiveRoutes whenever the
// failed links or the roaming members change. Kernel routes do not change: they send every
// LAN prefix into the daemon whichever link it takes.
//
//   timers ─▶ live peers or roamed members changed, or refresh due ─▶ originate ─▶ each live link
//            (a peer that just came up gets the whole database first) ─▶ expire ─▶ re-plan?
//   LSA from a link ─▶ decode ─▶ an origin of the plan, signed by its certificate, claiming
//                     only its planned links and members that have it as home or fallback?
//                     (else dropped, counted and logged) ─▶ newer? ─▶ flood on unchanged ─▶ re-plan?

import LanDataPlane
import LanForwarding
import LanHost
import LanPlan
import LanProtocol
import LanValues

/// What the last re-plan was made from, to tell when another is needed.
struct LiveState: Equatable {
    var failed: Set<LinkID> = []
    var roaming: [IPv4Address: String] = [:]
}

/// The link-state database and the re-planning it drives. Owned by the loop; not thread-safe.
final class LinkStateRouter {
    let context: ServerContext
    let peers: PeerTable
    let dataPlane: DataPlane
    let observation: Observation
    private(set) var database: LinkStateDatabase
    /// What the routes were last planned from; nil forces the next re-plan.
    private var liveState: LiveState? = LiveState()
    private var advertisedPeers: Set<String> = []
    private var advertisedMembers: [IPv4Address] = []
    private var lastAdvertised = Timestamp.zero
    private var ownSequence: UInt64 = 0
    private var refusalsLogged: [String: Timestamp] = [:]

    init(context: ServerContext, peers: PeerTable, dataPlane: DataPlane, observation: Observation) {
        self.context = context
        self.peers = peers
        self.dataPlane = dataPlane
        self.observation = observation
        database = LinkStateDatabase(me: context.server, planned: Self.plannedLinks(context.configuration))
    }

    /// The links the last re-plan found failed; nil until the next re-plan after a reload.
    var failedLinks: Set<LinkID>? { liveState?.failed }

    static func plannedLinks(_ configuration: DaemonConfiguration) -> [LinkID] {
        configuration.settings.lanGraph?.links.map { LinkID($0.dialer, $0.listener) } ?? []
    }

    /// Milliseconds since 1970, for LSA sequence numbers that keep growing across restarts.
    private var wallClockMilliseconds: Int64 { Int64(context.clock.unixTime * 1000) }

    /// From the timers: originate when something changed or the refresh is due, forget stale
    /// LSAs, re-plan if needed.
    func serviceTimers() {
        guard context.configuration.settings.lanGraph != nil else { return }
        let now = context.now
        let live = peers.livePeers
        let members = peers.roamedMembers(outside: context.plan.pools)
        let changed = live != advertisedPeers || members != advertisedMembers
        if changed || now - lastAdvertised >= LinkStateDatabase.refresh {
            // A peer that just came up gets the whole database, so it knows the LAN at once.
            for peer in live.subtracting(advertisedPeers) {
                for entry in database.advertisements.values { send(entry.payload, to: peer) }
            }
            advertisedPeers = live
            advertisedMembers = members
            lastAdvertised = now
            ownSequence = max(ownSequence + 1, UInt64(max(0, wallClockMilliseconds)))
            let own = LinkStateAdvertisement(
                origin: context.server, sequence: ownSequence, peers: live.sorted(), members: members)
            let payload = (try? own.signed(with: context.configuration.key)) ?? own.encoded
            for peer in live { send(payload, to: peer) }
        }
        _ = database.expire(now: now)
        replanIfNeeded()
    }

    /// An LSA from the link to `peer`: checked (LinkStateCheck), kept if newer, passed on
    /// unchanged, re-planned.
    func receive(_ payload: [UInt8], from peer: String) {
        guard let signed = SignedAdvertisement.decode(payload) else {
            return context.counters.drop("link: malformed LSA")
        }
        if let refusal = LinkStateCheck(configuration: context.configuration).refusal(of: signed, from: peer) {
            context.counters.drop("link: LSA refused: \(refusal.counter)")
            return logRefusal(refusal, origin: signed.lsa.origin, peer: peer)
        }
        guard database.accept(signed.lsa, payload: signed.payload, now: context.now) else { return }
        for other in peers.livePeers where other != peer { send(signed.payload, to: other) }
        replanIfNeeded()
    }

    /// Says why an LSA was refused, at most once per 10 s per origin (a forger cannot fill the log).
    private func logRefusal(_ refusal: LinkStateCheck.Refusal, origin: String, peer: String) {
        let now = context.now
        if let last = refusalsLogged[origin], now - last < .seconds(10) { return }
        refusalsLogged[origin] = now
        context.log("link state from \(peer) in the name of \(origin) refused: \(refusal.reason)")
    }

    private func send(_ payload: [UInt8], to peer: String) {
        payload.withUnsafeBytes { _ = dataPlane.sendOverLink($0, to: peer) }
    }

    /// After a reload: the planned links may differ, and the routes start again from the plan.
    func reload() {
        database.planned = Self.plannedLinks(context.configuration)
        dataPlane.routes = context.configuration.routes
        dataPlane.broadcastPeers = dataPlane.broadcastRelay?.peers ?? []
        liveState = nil
        replanIfNeeded()
    }

    /// Re-plans when the failed links or roaming members differ from the last plan.
    func replanIfNeeded() {
        guard let graph = context.configuration.settings.lanGraph else { return }
        let live = peers.livePeers
        let state = LiveState(failed: database.failedLinks(livePeers: live), roaming: database.roaming)
        guard state != liveState else { return }
        guard
            let routes = LiveRoutes.compute(
                for: context.server, graph: graph, failed: state.failed, roaming: state.roaming)
        else { return }
        var table = RouteTable<ForwardingTarget>()
        for route in routes.internalRoutes {
            if let target = ForwardingTarget(route.via) { table.insert(route.prefix, target) }
        }
        for member in routes.roaming {
            if let target = ForwardingTarget(member.via) {
                table.insert(IPv4Prefix(member.address, length: 32), target)
            }
        }
        dataPlane.routes = table
        dataPlane.broadcastPeers = routes.broadcastPeers
        if state.failed != liveState?.failed {
            let down = state.failed.sorted().map(\.description)
            context.log("re-planned: links down: \(down.isEmpty ? "none" : down.joined(separator: ", "))")
        }
        if state.roaming != (liveState?.roaming ?? [:]) {
            context.log("re-planned: \(state.roaming.count) members away from home")
        }
        liveState = state
        context.counters.replans += 1
        observation.replanned(routes.internalRoutes.map(\.via))
    }
}

extension ForwardingTarget {
    /// The daemon's target for a planned route; nil for an unreachable one (left out).
    init?(_ via: Via) {
        switch via {
        case .clients: self = .clients
        case .site: self = .site
        case .link(let peer): self = .link(peer)
        case .unreachable: return nil
        }
    }
}
