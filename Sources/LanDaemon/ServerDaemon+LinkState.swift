// ServerDaemon's side of link state (LinkState.swift): originate this server's LSA when its live
// links or roaming members change (and every 5 s), flood newer LSAs on, and re-plan — the
// forwarding table and the broadcast tree — with LiveRoutes whenever the failed links or the
// roaming members change. Kernel routes do not change: they send every LAN prefix into the
// daemon whichever link it takes.

import LanForwarding
import LanPlan
import LanProtocol
import LanValues

/// What the last re-plan was made from, to tell when another is needed.
struct LiveState: Equatable {
    var failed: Set<LinkID> = []
    var roaming: [IPv4Address: String] = [:]
}

extension ServerDaemon {
    /// Peers with a link that carries data now, whichever side dialled.
    var livePeers: Set<String> {
        Set(dialers.filter(\.isUp).map(\.peer)).union(acceptedLinks.filter { $0.value.data.isReady }.map(\.key))
    }

    /// Members connected here whose address is not from this server's pools.
    var roamedMembers: [IPv4Address] {
        byAddress.keys.filter { address in !ownPools.contains { $0.contains(address) } }.sorted()
    }

    /// Runs from the timers: originate when something changed or the refresh is due, forget
    /// stale LSAs, re-plan if needed.
    func serviceLinkState() {
        guard configuration.settings.lanGraph != nil else { return }
        let peers = livePeers
        let members = roamedMembers
        let changed = peers != advertisedPeers || members != advertisedMembers
        if changed || now - lastAdvertised >= LinkStateDatabase.refresh {
            // A peer that just came up gets the whole database, so it knows the LAN at once.
            for peer in peers.subtracting(advertisedPeers) {
                for entry in linkState.advertisements.values { send(entry.lsa, to: peer) }
            }
            advertisedPeers = peers
            advertisedMembers = members
            lastAdvertised = now
            ownSequence = max(ownSequence + 1, UInt64(max(0, wallClockMilliseconds)))
            let own = LinkStateAdvertisement(
                origin: configuration.settings.server, sequence: ownSequence, peers: peers.sorted(), members: members)
            for peer in peers { send(own, to: peer) }
        }
        _ = linkState.expire(now: now)
        replanIfNeeded()
    }

    /// An LSA from the link to `peer`: keep it if newer, pass it on, re-plan.
    func receiveAdvertisement(_ payload: UnsafeRawBufferPointer, from peer: String) {
        guard let lsa = LinkStateAdvertisement.decode(payload) else { return counters.drop("link: malformed LSA") }
        guard linkState.accept(lsa, now: now) else { return }
        for other in livePeers where other != peer { send(lsa, to: other) }
        replanIfNeeded()
    }

    func send(_ lsa: LinkStateAdvertisement, to peer: String) {
        lsa.encoded.withUnsafeBytes { _ = sendOverLink($0, to: peer) }
    }

    /// Re-plans when the failed links or roaming members differ from the last plan.
    func replanIfNeeded() {
        guard let graph = configuration.settings.lanGraph else { return }
        let state = LiveState(failed: linkState.failedLinks(livePeers: livePeers), roaming: linkState.roaming)
        guard state != liveState else { return }
        guard
            let live = LiveRoutes.compute(
                for: configuration.settings.server, graph: graph, failed: state.failed, roaming: state.roaming)
        else { return }
        var table = RouteTable<ForwardingTarget>()
        for route in live.internalRoutes {
            if let target = ForwardingTarget(route.via) { table.insert(route.prefix, target) }
        }
        for member in live.roaming {
            if let target = ForwardingTarget(member.via) {
                table.insert(IPv4Prefix(member.address, length: 32), target)
            }
        }
        routes = table
        broadcastPeers = live.broadcastPeers
        if state.failed != liveState?.failed {
            let down = state.failed.sorted().map(\.description)
            log("re-planned: links down: \(down.isEmpty ? "none" : down.joined(separator: ", "))")
        }
        if state.roaming != (liveState?.roaming ?? [:]) {
            log("re-planned: \(state.roaming.count) members away from home")
        }
        liveState = state
        counters.replans += 1
        observation.replanned(live.internalRoutes.map(\.via))
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
