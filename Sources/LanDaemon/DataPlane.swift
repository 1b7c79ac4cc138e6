// DataPlane: the server's per-packet path, as named stages over the loop's batches. The map
// (docs/tunnel-design.md):
//
//   UDP in ─▶ classify (first byte) ─▶ control: handed to the caller (Sessions, via the loop)
//                                   ─▶ P_DATA_V2 ─▶ peer id ─▶ open in place (AEAD, replay)
//   TCP frame ─▶ the same, with the stream as the transport
//   opened ─▶ demultiplex: ping (ends here) · OCC (EXIT: an event) · from a link: probe return
//             (LinkProber), link-state advertisement (an event) · else an IPv4 packet
//          ─▶ admit: a member's source must be its lease; a link's must be routed over a link
//          ─▶ broadcast relay? (BroadcastRelay) ─▶ route
//   TUN in ─▶ route
//   route: a connected member's address ─▶ seal ─▶ emit; the tunnel address, sites, elsewhere
//          ─▶ TUN; `.link(PEER)` ─▶ that link (DataPlaneEgress.swift); TTL decremented per
//          in-process hop; ICMP errors for no route, an absent member, an expired TTL
//
// The time is the loop's, read once per turn (ServerContext); nothing here reads a clock,
// allocates per packet or blocks. What the loop must act on is queued as events (takeEvents).

import LanForwarding
import LanHost
import LanProtocol
import LanValues
import LanWire

/// What the data plane hands up to the loop.
enum DataPlaneEvent {
    /// The connection's peer said OCC EXIT.
    case exit(Connection)
    /// A link-state advertisement arrived over the link to the peer (copied out of the batch).
    case advertisement([UInt8], from: String)
    /// The dialled link's transport failed while sending.
    case linkBroken(LinkDialer, String)
}

/// The per-packet stages. Owned by the loop; not thread-safe.
final class DataPlane {
    let context: ServerContext
    let peers: PeerTable
    let prober: LinkProber
    let tun: any DaemonTun
    let udp: (any DaemonSocket)?
    /// The forwarding table and broadcast-tree neighbours now: the plan's at start, then
    /// re-planned by LinkStateRouter as links fail and return and members roam.
    var routes: RouteTable<ForwardingTarget>
    var broadcastPeers: [String]
    /// The broadcast relay, when the LAN has `broadcast_relay: true`.
    var broadcastRelay: BroadcastRelay?
    let received = PacketBatch(capacity: 64)
    let fromTun = PacketBatch(capacity: 64)
    let toUDP = PacketBatch(capacity: 256)
    let toTun = PacketBatch(capacity: 256)
    /// One sealing slot for a data packet bound for a TCP stream (copied into its output).
    let toTCP = PacketBatch(capacity: 1)
    /// Where ICMP errors are built, and how many may still be sent this second.
    let icmpScratch = UnsafeMutableRawBufferPointer.allocate(byteCount: 128, alignment: 1)
    var icmpBudget = ICMPBudget(perSecond: 100)
    private var events: [DataPlaneEvent] = []

    init(
        context: ServerContext, peers: PeerTable, prober: LinkProber, tun: any DaemonTun,
        udp: (any DaemonSocket)?
    ) {
        self.context = context
        self.peers = peers
        self.prober = prober
        self.tun = tun
        self.udp = udp
        routes = context.configuration.routes
        broadcastRelay = BroadcastRelay(context.configuration.settings)
        broadcastPeers = broadcastRelay?.peers ?? []
        events.reserveCapacity(16)
    }

    deinit { icmpScratch.deallocate() }

    /// The events since the last call, oldest first.
    func takeEvents() -> [DataPlaneEvent] {
        guard !events.isEmpty else { return [] }
        defer { events.removeAll(keepingCapacity: true) }
        return events
    }

    func emit(_ event: DataPlaneEvent) { events.append(event) }

    /// Reads every waiting datagram; control packets go to `control`.
    func receiveUDP(control: (UnsafeMutableRawBufferPointer, Transport) -> Void) throws {
        guard let udp else { return }
        while try udp.receive(into: received) > 0 {
            for index in 0..<received.count {
                receive(received.bytes(at: index), via: .udp(received.endpoint(at: index)), control: control)
            }
            if received.count < received.capacity { break }
        }
    }

    /// Classify: one OpenVPN packet from either transport, by its first byte.
    func receive(
        _ bytes: UnsafeMutableRawBufferPointer, via transport: Transport,
        control: (UnsafeMutableRawBufferPointer, Transport) -> Void
    ) {
        guard let first = bytes.first else { return }
        if first >> 3 == Opcode.dataV2.rawValue {
            receiveData(bytes, via: transport)
        } else {
            control(bytes, transport)
        }
    }

    /// Open: a P_DATA_V2 packet of a connection, decrypted in place.
    func receiveData(_ bytes: UnsafeMutableRawBufferPointer, via transport: Transport) {
        guard bytes.count > DataChannel.overhead else { return context.counters.drop("data: too short") }
        let peer = UInt32(bytes[1]) << 16 | UInt32(bytes[2]) << 8 | UInt32(bytes[3])
        guard let connection = peers.byPeerID[peer], connection.transport == transport else {
            return context.counters.drop("data: unknown peer id")
        }
        let now = context.now
        do {
            switch try connection.data.open(bytes, nowSeconds: UInt64(max(0, now.milliseconds / 1000))) {
            case .failure(let drop): return context.counters.drop("data: \(drop)")
            case .success: break
            }
        } catch {
            return context.counters.drop("data: \(error)")
        }
        connection.lastReceived = now
        let payload = UnsafeMutableRawBufferPointer(rebasing: bytes[DataChannel.overhead...])
        connection.counters.packetsIn += 1
        connection.counters.bytesIn += payload.count
        guard connection.framing.changes(first: payload.first) else { return demultiplex(payload, from: connection) }
        // A stub framing other than the identity (legacy comp-lzo clients): unframe a copy.
        guard var plaintext = try? connection.framing.unframe(Array(payload)) else {
            return context.counters.drop("data: bad compression stub byte")
        }
        plaintext.withUnsafeMutableBytes { demultiplex($0, from: connection) }
    }

    /// Demultiplex and admit: a decrypted, unframed packet from a connection — ping, OCC, or an
    /// IP packet whose source must be the member's lease (a link's: see `receiveFromLink`).
    func demultiplex(_ payload: UnsafeMutableRawBufferPointer, from connection: Connection) {
        if payload.elementsEqual(DataChannelMessage.pingPayload) { return }
        if payload.count >= 16, payload.prefix(16).elementsEqual(DataChannelMessage.occMagic) {
            if payload.count == 17, payload[16] == DataChannelMessage.occExit { emit(.exit(connection)) }
            return
        }
        if let peer = connection.linkPeer { return receiveFromLink(payload, peer: peer) }
        guard let packet = try? IPv4Packet(payload) else { return context.counters.drop("data: not an IPv4 packet") }
        guard let address = connection.address, packet.source == address else {
            connection.counters.spoofed += 1
            return context.counters.drop("data: source is not the client's own address")
        }
        if relayIfBroadcast(packet, member: connection, link: nil) { return }
        forward(packet, fromTun: false)
    }

    /// Open: a P_DATA_V2 packet on a link this server dialled.
    func receiveLinkData(_ bytes: UnsafeMutableRawBufferPointer, from dialer: LinkDialer) {
        guard let data = dialer.data, bytes.count > DataChannel.overhead else {
            return context.counters.drop("link: data before keys")
        }
        let now = context.now
        do {
            guard case .success = try data.open(bytes, nowSeconds: UInt64(max(0, now.milliseconds / 1000))) else {
                return context.counters.drop("link: data failed authentication or replay")
            }
        } catch {
            return context.counters.drop("link: data failed authentication or replay")
        }
        dialer.lastReceived = now
        let payload = UnsafeMutableRawBufferPointer(rebasing: bytes[DataChannel.overhead...])
        dialer.counters.packetsIn += 1
        dialer.counters.bytesIn += payload.count
        receiveFromLink(payload, peer: dialer.peer)
    }

    /// Demultiplex and admit what came over the link to `peer` (either end): probes and pings
    /// end here, advertisements go up; an IP packet must come from an address the plan routes
    /// over a link (any link: equal-cost paths may differ per direction), then it is forwarded.
    func receiveFromLink(_ payload: UnsafeMutableRawBufferPointer, peer: String) {
        if prober.receive(payload, from: peer, of: context.tunnelAddress) { return }
        if payload.elementsEqual(DataChannelMessage.pingPayload) { return }
        if payload.count >= 16, payload.prefix(16).elementsEqual(DataChannelMessage.occMagic) { return }
        if LinkStateAdvertisement.isAdvertisement(UnsafeRawBufferPointer(payload)) {
            return emit(.advertisement(Array(payload), from: peer))
        }
        guard let packet = try? IPv4Packet(payload) else { return context.counters.drop("link: not an IPv4 packet") }
        guard case .link? = routes.lookup(packet.source) else {
            return context.counters.drop("link: source is not behind a server link")
        }
        if relayIfBroadcast(packet, member: nil, link: peer) { return }
        forward(packet, fromTun: false)
    }

    /// Reads every waiting packet from the TUN device and routes it.
    func receiveTun() throws {
        while try tun.readPackets(into: fromTun) > 0 {
            for index in 0..<fromTun.count {
                guard let packet = try? IPv4Packet(fromTun.bytes(at: index)) else {
                    context.counters.drop("tun: not an IPv4 packet")
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
        if let target = peers.byAddress[destination], target.data.isReady {
            if !fromTun, !packet.decrementTTL() { return answer(packet, with: .timeExceeded) }
            return sendData(bytes, to: target)
        }
        let route: ForwardingTarget? = destination == context.tunnelAddress ? .site : routes.lookup(destination)
        switch route {
        case .clients?:
            context.counters.drop("forward: member not connected")
            answer(packet, with: .hostUnreachable)
        case .link(let peer)?:
            if !fromTun, !packet.decrementTTL() { return answer(packet, with: .timeExceeded) }
            if !sendOverLink(bytes, to: peer) {
                context.counters.drop("forward: server link down")
                answer(packet, with: .networkUnreachable)
            }
        case .site?, nil:
            // The server's own address, its site LANs and anything outside the LAN go to the host.
            if fromTun {
                context.counters.drop("forward: no route")
                return answer(packet, with: .networkUnreachable)
            }
            if toTun.count == toTun.capacity { flushTun() }
            toTun.append(bytes)
        }
    }

    /// The largest TCP segment whose tunnelled packet fits a 1500-byte underlay: 1500 − outer
    /// IPv4 and UDP (28) − the data channel's header and tag (24) − inner IPv4 and TCP (40).
    static let tunnelMSS: UInt16 = 1408

    /// Answers `offending` with an ICMP error from this server's tunnel address, within the
    /// per-second allowance. Never answers an ICMP error, so this recurses at most once.
    func answer(_ offending: IPv4Packet, with error: ICMPError) {
        guard icmpBudget.take(atMilliseconds: context.now.milliseconds) else {
            return context.counters.drop("icmp: over the allowance")
        }
        guard let length = error.build(answering: offending, from: context.tunnelAddress, into: icmpScratch),
            let reply = try? IPv4Packet(UnsafeMutableRawBufferPointer(rebasing: icmpScratch[0..<length]))
        else { return }
        context.counters.icmpErrorsSent += 1
        forward(reply, fromTun: false)
    }
}

extension CompressionFraming {
    /// True when this framing changes a packet starting with `first` (stub-v2 only touches
    /// packets starting with its escape byte, which IP packets never do).
    func changes(first: UInt8?) -> Bool {
        switch self {
        case .none: false
        case .stubV2: first == CompressionFraming.v2EscapeByte
        case .lzoStub, .stubV1: true
        }
    }
}
