// DataPlane: the server's per-packet path, as named stages over the loop's batches. The map
// (docs/tunnel-design.md):
//
//   UDP in ─▶ classify (first byte) ─▶ control: handed to the caller (the server's Sessions)
//                                   ─▶ P_DATA_V2 ─▶ peer id ─▶ DataPeer ─▶ open in place (AEAD, replay)
//   TCP frame ─▶ the same, with the stream as the transport
//   opened ─▶ demultiplex: ping (ends here) · OCC (EXIT: an event) · from a link: probe return
//             (LinkProber), link-state advertisement (an event) · else an IPv4 packet
//          ─▶ admit: a member's source must be its lease; a link's must be routed over a link
//          ─▶ broadcast relay? (BroadcastRelay) ─▶ route
//   TUN in ─▶ route
//   route: a connected member's address ─▶ seal ─▶ emit; the tunnel address, sites, elsewhere
//          ─▶ TUN; `.link(PEER)` ─▶ that link (DataPlaneEgress.swift: seal, emit); TTL decremented per
//          in-process hop; ICMP errors for no route, an absent member, an expired TTL
//
// The time is the loop's, read once per turn (LoopTime); nothing here reads a clock,
// allocates per packet or blocks. What the loop must act on is queued as events (takeEvents).
// Members, accepted links, dialled links and `lanstitch up` all go through DataPeer; the
// zero-allocation proof (lanstitch-bench-alloc) runs this very type.

import LanForwarding
import LanHost
import LanProtocol
import LanValues
import LanWire

/// What the data plane hands up to the loop.
public enum DataPlaneEvent {
    /// The peer said OCC EXIT.
    case exit(DataPeer)
    /// A link-state advertisement arrived over the link to the peer (copied out of the batch).
    case advertisement([UInt8], from: String)
    /// The transport of the link this server dials to the peer failed while sending.
    case linkBroken(String, reason: String)
}

/// Where a packet came from: the server's UDP socket, or a TCP stream.
public enum PacketSource {
    case datagram(IPv4Endpoint)
    case stream(any StreamOutput)
}

/// The per-packet stages. Owned by the loop; not thread-safe.
public final class DataPlane {
    public let time: LoopTime
    public let counters: ServerCounters
    public let peers: PeerDirectory
    public let prober: LinkProber
    public let tun: any TunDevice
    public let udp: (any PacketLink)?
    /// This server's tunnel address: its own, and the source of its ICMP errors.
    public let tunnelAddress: IPv4Address
    /// Plain log lines (a member over its broadcast allowance).
    let log: @Sendable (String) -> Void
    /// The forwarding table and broadcast-tree neighbours now: the plan's at start, then
    /// re-planned by LinkStateRouter as links fail and return and members roam.
    public var routes: RouteTable<ForwardingTarget>
    public var broadcastPeers: [String]
    /// The broadcast relay, when the LAN has `broadcast_relay: true`.
    public var broadcastRelay: BroadcastRelay?
    public let received = PacketBatch(capacity: 64)
    let fromTun = PacketBatch(capacity: 64)
    let toUDP = PacketBatch(capacity: 256)
    let toTun = PacketBatch(capacity: 256)
    /// One sealing slot for a data packet bound for a TCP stream (copied into its output).
    let toTCP = PacketBatch(capacity: 1)
    /// Where ICMP errors are built, and how many may still be sent this second.
    let icmpScratch = UnsafeMutableRawBufferPointer.allocate(byteCount: 128, alignment: 1)
    var icmpBudget = ICMPBudget(perSecond: 100)
    private var events: [DataPlaneEvent] = []

    /// `routes` and `broadcastRelay` are the plan's to start with.
    public init(
        time: LoopTime, counters: ServerCounters, peers: PeerDirectory, prober: LinkProber, tun: any TunDevice,
        udp: (any PacketLink)?, tunnelAddress: IPv4Address, routes: RouteTable<ForwardingTarget>,
        broadcastRelay: BroadcastRelay?, log: @escaping @Sendable (String) -> Void
    ) {
        self.time = time
        self.counters = counters
        self.peers = peers
        self.prober = prober
        self.tun = tun
        self.udp = udp
        self.tunnelAddress = tunnelAddress
        self.routes = routes
        self.broadcastRelay = broadcastRelay
        broadcastPeers = broadcastRelay?.peers ?? []
        self.log = log
        events.reserveCapacity(16)
    }

    deinit { icmpScratch.deallocate() }

    /// The events since the last call, oldest first.
    public func takeEvents() -> [DataPlaneEvent] {
        guard !events.isEmpty else { return [] }
        defer { events.removeAll(keepingCapacity: true) }
        return events
    }

    func emit(_ event: DataPlaneEvent) { events.append(event) }

    /// Reads every waiting datagram; control packets go to `control` with their source.
    public func receiveUDP(control: (UnsafeMutableRawBufferPointer, IPv4Endpoint) -> Void) throws {
        guard let udp else { return }
        while try udp.receive(into: received) > 0 {
            for index in 0..<received.count {
                let endpoint = received.endpoint(at: index)
                let bytes = received.bytes(at: index)
                guard let first = UnsafeRawBufferPointer(bytes).firstByte else { continue }
                if first >> 3 == Opcode.dataV2.rawValue {
                    receiveData(bytes, from: .datagram(endpoint))
                } else {
                    control(bytes, endpoint)
                }
            }
            if received.count < received.capacity { break }
        }
    }

    /// Classify: one OpenVPN packet from a TCP stream, by its first byte; control packets go
    /// to `control`.
    public func receive(
        _ bytes: UnsafeMutableRawBufferPointer, from stream: any StreamOutput,
        control: (UnsafeMutableRawBufferPointer) -> Void
    ) {
        guard let first = UnsafeRawBufferPointer(bytes).firstByte else { return }
        if first >> 3 == Opcode.dataV2.rawValue { receiveData(bytes, from: .stream(stream)) } else { control(bytes) }
    }

    /// Open: a P_DATA_V2 packet of a peer that reached the server's socket or streams,
    /// decrypted in place; it must come the way the peer's packets come.
    func receiveData(_ bytes: UnsafeMutableRawBufferPointer, from source: PacketSource) {
        guard bytes.count > DataChannel.overhead else { return counters.drop("data: too short") }
        let id = UInt32(bytes[1]) << 16 | UInt32(bytes[2]) << 8 | UInt32(bytes[3])
        guard let connection = peers.byPeerID[id], connection.arrives(from: source) else {
            return counters.drop("data: unknown peer id")
        }
        var drop: DataChannel.Drop?
        guard let payload = connection.open(bytes, now: time.now, drop: &drop) else {
            return counters.drop("data: \(drop.map { "\($0)" } ?? "unauthentic")")
        }
        guard connection.framing.changes(first: UnsafeRawBufferPointer(payload).firstByte) else {
            return demultiplex(payload, from: connection)
        }
        // A stub framing other than the identity (legacy comp-lzo clients): unframe a copy.
        guard var plaintext = try? connection.framing.unframe(Array(payload)) else {
            return counters.drop("data: bad compression stub byte")
        }
        plaintext.withUnsafeMutableBytes { demultiplex($0, from: connection) }
    }

    /// Demultiplex and admit: a decrypted, unframed packet from a connection — ping, OCC, or an
    /// IP packet whose source must be the member's lease (a link's: see `receiveFromLink`).
    func demultiplex(_ payload: UnsafeMutableRawBufferPointer, from connection: DataPeer) {
        let view = UnsafeRawBufferPointer(payload)
        if Marker.ping.isWhole(view) { return }
        if Marker.occ.starts(view) {
            if payload.count == 17, payload[16] == DataChannelMessage.occExit { emit(.exit(connection)) }
            return
        }
        if let peer = connection.linkName { return receiveFromLink(payload, peer: peer) }
        guard let packet = try? IPv4Packet(payload) else { return counters.drop("data: not an IPv4 packet") }
        guard let address = connection.address, packet.source == address else {
            connection.traffic.spoofed += 1
            return counters.drop("data: source is not the client's own address")
        }
        if relayIfBroadcast(packet, member: connection, link: nil) { return }
        forward(packet, fromTun: false)
    }

    /// Open: a P_DATA_V2 packet that arrived on the transport of the link this server dials
    /// to `name` (its own socket or stream).
    public func receiveLinkData(_ bytes: UnsafeMutableRawBufferPointer, from link: DataPeer, name: String) {
        guard link.isReady, bytes.count > DataChannel.overhead else { return counters.drop("link: data before keys") }
        var drop: DataChannel.Drop?
        guard let payload = link.open(bytes, now: time.now, drop: &drop) else {
            return counters.drop("link: data failed authentication or replay")
        }
        receiveFromLink(payload, peer: name)
    }

    /// Demultiplex and admit what came over the link to `peer` (either end): probes and pings
    /// end here, advertisements go up; an IP packet must come from an address the plan routes
    /// over a link (any link: equal-cost paths may differ per direction), then it is forwarded.
    func receiveFromLink(_ payload: UnsafeMutableRawBufferPointer, peer: String) {
        if prober.receive(payload, from: peer, of: tunnelAddress) { return }
        let view = UnsafeRawBufferPointer(payload)
        if Marker.ping.isWhole(view) || Marker.occ.starts(view) { return }
        if Marker.linkState.starts(view) {
            return emit(.advertisement(Array(payload), from: peer))
        }
        guard let packet = try? IPv4Packet(payload) else { return counters.drop("link: not an IPv4 packet") }
        guard case .link? = routes.lookup(packet.source) else {
            return counters.drop("link: source is not behind a server link")
        }
        if relayIfBroadcast(packet, member: nil, link: peer) { return }
        forward(packet, fromTun: false)
    }

    /// Reads every waiting packet from the TUN device and routes it.
    public func receiveTun() throws {
        while try tun.readPackets(into: fromTun) > 0 {
            for index in 0..<fromTun.count {
                guard let packet = try? IPv4Packet(fromTun.bytes(at: index)) else {
                    counters.drop("tun: not an IPv4 packet")
                    continue
                }
                forward(packet, fromTun: true)
            }
            if fromTun.count < fromTun.capacity { break }
        }
    }

    /// Route: to the member that holds the destination, over the server link the plan routes it
    /// through, or into the host. The TTL is decremented on every in-process hop (the kernel
    /// does it for packets from the TUN device); a router's ICMP errors answer a packet that
    /// cannot go on.
    func forward(_ packet: IPv4Packet, fromTun: Bool) {
        let destination = packet.destination
        packet.clampTCPMSS(to: Self.tunnelMSS)
        let bytes = UnsafeRawBufferPointer(rebasing: packet.bytes[0..<packet.totalLength])
        if let target = peers.byAddress[destination], target.isReady {
            if !fromTun, !packet.decrementTTL() { return answer(packet, with: .timeExceeded) }
            send(bytes, to: target)
            return
        }
        let route: ForwardingTarget? = destination == tunnelAddress ? .site : routes.lookup(destination)
        switch route {
        case .clients?:
            counters.drop("forward: member not connected")
            answer(packet, with: .hostUnreachable)
        case .link(let peer)?:
            if !fromTun, !packet.decrementTTL() { return answer(packet, with: .timeExceeded) }
            if !sendOverLink(bytes, to: peer) {
                counters.drop("forward: server link down")
                answer(packet, with: .networkUnreachable)
            }
        case .site?, nil:
            // The server's own address, its site LANs and anything outside the LAN go to the host.
            if fromTun {
                counters.drop("forward: no route")
                return answer(packet, with: .networkUnreachable)
            }
            if toTun.count == toTun.capacity { flushTun() }
            toTun.append(bytes)
        }
    }

    /// The largest TCP segment whose tunnelled packet fits a 1500-byte underlay: 1500 − outer
    /// IPv4 and UDP (28) − the data channel's header and tag (24) − inner IPv4 and TCP (40).
    public static let tunnelMSS: UInt16 = 1408

    /// Answers `offending` with an ICMP error from this server's tunnel address, within the
    /// per-second allowance. Never answers an ICMP error, so this recurses at most once.
    func answer(_ offending: IPv4Packet, with error: ICMPError) {
        guard icmpBudget.take(atMilliseconds: time.now.milliseconds) else {
            return counters.drop("icmp: over the allowance")
        }
        guard let length = error.build(answering: offending, from: tunnelAddress, into: icmpScratch),
            let reply = try? IPv4Packet(UnsafeMutableRawBufferPointer(rebasing: icmpScratch[0..<length]))
        else { return }
        counters.icmpErrorsSent += 1
        forward(reply, fromTun: false)
    }
}

extension CompressionFraming {
    /// True when this framing changes a packet starting with `first` (stub-v2 only touches
    /// packets starting with its escape byte, which IP packets never do).
    public func changes(first: UInt8?) -> Bool {
        switch self {
        case .none: false
        case .stubV2: first == CompressionFraming.v2EscapeByte
        case .lzoStub, .stubV1: true
        }
    }
}
