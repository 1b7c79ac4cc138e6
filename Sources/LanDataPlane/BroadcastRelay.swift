// BroadcastRelay: the data plane's broadcast relay (`broadcast_relay: true`): LAN game
// discovery across every server. A packet a member sends to 255.255.255.255, to the LAN's broadcast address, to its
// pool's broadcast address (relayed as the LAN's), or to one of the relayed multicast groups
// reaches every other member of the LAN once, with its own source address and port (and, with
// `broadcast.sites`, every site LAN of every server, as that site's directed broadcast):
//
//   from a member ─▶ its token bucket (rate, burst; over: dropped and counted)
//                ─▶ every other member connected here ─▶ every broadcast-tree neighbour
//   from a link  ─▶ every member connected here ─▶ every tree neighbour but the one it came from
//
// The plan's broadcast tree (`broadcast_peers`) spans the server links without a cycle, so no
// member gets a copy twice. Relayed packets keep their TTL: the relay is the LAN's switch, not
// a router (mDNS and SSDP are often sent with TTL 1 to 4).

import LanForwarding
import LanProtocol
import LanValues

/// What the relay carries (from the bundle: LanDaemon's BroadcastRelay+Settings.swift).
public struct BroadcastRelay: Sendable {
    public let network: IPv4Prefix
    public let groups: Set<IPv4Address>
    public let poolBroadcasts: Set<IPv4Address>
    /// The broadcast-tree neighbours of the plan.
    public let peers: [String]
    public let rate: Int
    public let burst: Int
    /// The directed broadcast address of each of this server's site LANs, when broadcasts are
    /// delivered into them (`broadcast.sites`); empty otherwise.
    public let siteBroadcasts: [IPv4Address]

    public init(
        network: IPv4Prefix, groups: Set<IPv4Address>, poolBroadcasts: Set<IPv4Address>, peers: [String], rate: Int,
        burst: Int, siteBroadcasts: [IPv4Address]
    ) {
        self.network = network
        self.groups = groups
        self.poolBroadcasts = poolBroadcasts
        self.peers = peers
        self.rate = rate
        self.burst = burst
        self.siteBroadcasts = siteBroadcasts
    }

    /// True for a broadcast (not a multicast group): only those go into site LANs.
    func isBroadcast(_ destination: IPv4Address) -> Bool {
        destination.value == UInt32.max || destination == network.last || poolBroadcasts.contains(destination)
    }

    /// True for a destination the relay carries. Most packets are unicast to a host address: the
    /// first test (every broadcast address of a /30 or larger ends in binary 11, every group is
    /// in 224/4) keeps them away from the hashed sets.
    @inline(__always)
    func carries(_ destination: IPv4Address) -> Bool {
        let value = destination.value
        guard value & 0x3 == 0x3 || value >> 28 == 0xE else { return false }
        return value == UInt32.max || destination == network.last || poolBroadcasts.contains(destination)
            || groups.contains(destination)
    }
}

extension DataPlane {
    /// Relays `packet` if the relay carries its destination; false when it is not a relayed
    /// broadcast (then it is forwarded as usual). `member` is the sender when it came from a
    /// member of this server, `link` the peer when it came over a server link.
    func relayIfBroadcast(_ packet: IPv4Packet, member: DataPeer?, link: String?) -> Bool {
        guard let relay = broadcastRelay, relay.carries(packet.destination) else { return false }
        if let member {
            if member.broadcastBucket == nil {
                member.broadcastBucket = TokenBucket(rate: relay.rate, burst: relay.burst)
            }
            let now = time.now
            guard member.broadcastBucket?.take(atMilliseconds: now.milliseconds) == true else {
                counters.drop("broadcast: over the member's rate limit")
                if member.broadcastLimitLogged.map({ now - $0 > .seconds(10) }) ?? true {
                    member.broadcastLimitLogged = now
                    log(
                        "\(member.name ?? "a member") sends more broadcasts than the relay allows (\(relay.rate)/s, bursts of \(relay.burst)); dropping the excess"
                    )
                }
                return true
            }
        }
        if relay.poolBroadcasts.contains(packet.destination) { packet.rewriteDestination(to: relay.network.last) }
        let bytes = UnsafeRawBufferPointer(rebasing: packet.bytes[0..<packet.totalLength])
        for target in peers.byAddress.values where target !== member && target.isReady {
            send(bytes, to: target)
        }
        for peer in broadcastPeers where peer != link {
            if !sendOverLink(bytes, to: peer) { counters.drop("broadcast: tree link down") }
        }
        // Into the site LANs: as each site's directed broadcast, which the kernel forwards
        // from lanstitch0 (bc_forwarding) onto the site as a link-layer broadcast.
        if relay.isBroadcast(packet.destination) {
            for site in relay.siteBroadcasts {
                if toTun.count == toTun.capacity { flushTun() }
                guard toTun.append(bytes), let copy = try? IPv4Packet(toTun.bytes(at: toTun.count - 1)) else {
                    continue
                }
                copy.rewriteDestination(to: site)
            }
        }
        counters.broadcastsRelayed += 1
        return true
    }
}
