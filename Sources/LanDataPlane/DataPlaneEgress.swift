// DataPlaneEgress: the data plane's last stages — seal and emit. A packet for a peer is framed
// (legacy stubs only), sealed in the headroom and tailroom of a batch slot (DataPeer.seal) and
// queued by the peer's Egress: into the UDP send batch, framed onto its TCP stream's output,
// or into a dialled link's own batch. The batches go out once per loop turn (`flush…`), or as
// soon as one is full.
//
//   send(peer)          ─▶ frame? ─▶ seal into toUDP │ toTCP ─▶ stream output │ the link's batch
//   sendOverLink(PEER)  ─▶ the link PEER dialled in, else the one dialled to it ─▶ send
//   transmit(control)   ─▶ toUDP │ stream output │ the link's batch (sealed by the session)

import LanHost
import LanProtocol
import LanValues
import LanWire

extension DataPlane {
    /// Frames (if the peer's framing needs it), seals and queues `plaintext` for `peer`; false
    /// when it could not (counted).
    @discardableResult
    public func send(_ plaintext: UnsafeRawBufferPointer, to peer: DataPeer) -> Bool {
        if peer.framing.changes(first: plaintext.firstByte) {
            return peer.framing.frame(Array(plaintext)).withUnsafeBytes { sendSealed($0, to: peer) }
        }
        return sendSealed(plaintext, to: peer)
    }

    /// `send` for a message the daemon made (a ping).
    @discardableResult
    public func send(_ message: [UInt8], to peer: DataPeer) -> Bool {
        message.withUnsafeBytes { send($0, to: peer) }
    }

    /// Seals `plaintext` for `peer` into the batch its egress names and queues it.
    func sendSealed(_ plaintext: UnsafeRawBufferPointer, to peer: DataPeer) -> Bool {
        let batch: PacketBatch
        let endpoint: IPv4Endpoint
        switch peer.egress {
        case .datagram(let destination):
            if toUDP.count == toUDP.capacity { flushUDP() }
            (batch, endpoint) = (toUDP, destination)
        case .stream:
            toTCP.removeAll()
            (batch, endpoint) = (toTCP, .unspecified)
        case .link(let link):
            if link.outgoing.count == link.outgoing.capacity { flush(link, of: peer) }
            (batch, endpoint) = (link.outgoing, link.destination)
        }
        switch peer.seal(plaintext, into: batch, to: endpoint, now: time.now) {
        case .sealed: break
        case .tooLarge:
            counters.drop("send: packet too large")
            return false
        case .noKeys:
            counters.drop("send: no keys yet")
            return false
        case .failed:
            counters.drop("send: sealing failed")
            return false
        }
        if case .stream(let stream) = peer.egress {
            queue(UnsafeRawBufferPointer(batch.bytes(at: batch.count - 1)), on: stream)
            batch.removeAll()
        }
        return true
    }

    /// Sends `plaintext` over the link to `peer`: the one the peer dialled in, else the one this
    /// server dials. False when neither is up.
    public func sendOverLink(_ plaintext: UnsafeRawBufferPointer, to peer: String) -> Bool {
        guard let link = peers.link(peer) else { return false }
        return send(plaintext, to: link)
    }

    /// Sends a control packet (already sealed by its session) back the way `peer` came.
    public func transmit(_ packet: [UInt8], to peer: DataPeer) {
        switch peer.egress {
        case .datagram(let endpoint):
            if toUDP.count == toUDP.capacity { flushUDP() }
            toUDP.append(packet, endpoint: endpoint)
        case .stream(let stream):
            packet.withUnsafeBytes { queue($0, on: stream) }
        case .link(let link):
            if link.outgoing.count == link.outgoing.capacity { flush(link, of: peer) }
            link.outgoing.append(packet, endpoint: link.destination)
        }
        peer.lastSent = time.now
    }

    /// Sends `packet` to `endpoint` on the server's UDP socket, for no peer (the front door's
    /// stateless reply, which must leave no state behind).
    public func transmit(_ packet: [UInt8], toUDP endpoint: IPv4Endpoint) {
        if toUDP.count == toUDP.capacity { flushUDP() }
        toUDP.append(packet, endpoint: endpoint)
    }

    /// Frames `packet` onto `stream`'s output; dropped (and counted) when the output is full.
    func queue(_ packet: UnsafeRawBufferPointer, on stream: any StreamOutput) {
        if !stream.enqueue(packet) { counters.drop("tcp: output backlog full") }
    }

    /// Sends the UDP batch (what would block is dropped and counted).
    public func flushUDP() {
        guard let udp else { return toUDP.removeAll() }
        if udp.sendAll(toUDP) > 0 { counters.drop("send: UDP would block") }
    }

    /// Writes the TUN batch (what would block is dropped and counted).
    public func flushTun() {
        if tun.writeAll(toTun) > 0 { counters.drop("tun: write would block") }
    }

    /// Sends a dialled link's batch on its own transport; a broken transport is an event.
    public func flush(_ link: any LinkOutput, of peer: DataPeer) {
        do { try link.sendOutgoing() } catch {
            link.outgoing.removeAll()
            emit(.linkBroken(peer.linkName ?? "?", reason: "\(error)"))
        }
    }

    /// Flushes every dialled link with something to send.
    public func flushDialled() {
        for peer in peers.dialled.values {
            if case .link(let link) = peer.egress { flush(link, of: peer) }
        }
    }
}
