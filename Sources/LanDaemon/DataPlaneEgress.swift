// DataPlaneEgress: the data plane's last stages — seal and emit. A packet for a connection is
// framed (legacy stubs only), sealed in the headroom and tailroom of a batch slot and queued:
// into the UDP send batch, framed onto its TCP stream's output, or into a dialled link's own
// batch. The batches go out once per loop turn (`flush`), or as soon as one is full.
//
//   sendData(connection) ─▶ frame? ─▶ seal into toUDP │ toTCP ─▶ TCPPeer output
//   sendOverLink(PEER)   ─▶ the connection PEER dialled in, else the dialer to PEER ─▶ seal
//   transmit(control)    ─▶ toUDP │ TCPPeer output (control packets are sealed by the session)

import LanHost
import LanProtocol
import LanValues
import LanWire

extension DataPlane {
    /// Frames (if the member's framing needs it), seals and queues `plaintext` for `connection`.
    func sendData(_ plaintext: some Collection<UInt8>, to connection: Connection) {
        if connection.framing.changes(first: plaintext.first) {
            return sendSealed(connection.framing.frame(Array(plaintext)), to: connection)
        }
        sendSealed(plaintext, to: connection)
    }

    /// Seals `plaintext` for `connection`: into the UDP send batch, or framed onto its TCP
    /// stream's output.
    func sendSealed(_ plaintext: some Collection<UInt8>, to connection: Connection) {
        let batch: PacketBatch
        let endpoint: IPv4Endpoint
        switch connection.transport {
        case .udp(let udpEndpoint):
            if toUDP.count == toUDP.capacity { flushUDP() }
            (batch, endpoint) = (toUDP, udpEndpoint)
        case .tcp:
            toTCP.removeAll()
            (batch, endpoint) = (toTCP, .unspecified)
        }
        guard batch.append(plaintext, endpoint: endpoint) else {
            return context.counters.drop("send: packet too large")
        }
        let index = batch.count - 1
        _ = batch.prepend(DataChannel.overhead, at: index)
        let now = context.now
        do {
            guard try connection.data.seal(batch.bytes(at: index), now: now) else {
                batch.count -= 1
                return context.counters.drop("send: no keys yet")
            }
        } catch {
            batch.count -= 1
            return context.counters.drop("send: \(error)")
        }
        if case .tcp(let peer) = connection.transport {
            queue(batch.bytes(at: index), on: peer)
            batch.removeAll()
        }
        connection.lastSent = now
        connection.counters.packetsOut += 1
        connection.counters.bytesOut += plaintext.count
    }

    /// Seals `plaintext` into the dialer's outgoing batch; false when it could not.
    func seal(_ plaintext: UnsafeRawBufferPointer, for dialer: LinkDialer) -> Bool {
        if dialer.outgoing.count == dialer.outgoing.capacity { flush(dialer) }
        guard let data = dialer.data, let link = dialer.link else { return false }
        guard dialer.outgoing.append(plaintext, endpoint: link.server) else { return false }
        let index = dialer.outgoing.count - 1
        _ = dialer.outgoing.prepend(DataChannel.overhead, at: index)
        let now = context.now
        guard (try? data.seal(dialer.outgoing.bytes(at: index), now: now)) == true else {
            dialer.outgoing.count -= 1
            return false
        }
        dialer.lastSent = now
        dialer.counters.packetsOut += 1
        dialer.counters.bytesOut += plaintext.count
        return true
    }

    /// Sends `plaintext` over the link to `peer`: the connection the peer dialled in, else the
    /// one this server dialled. False when neither is up.
    func sendOverLink(_ plaintext: UnsafeRawBufferPointer, to peer: String) -> Bool {
        if let connection = peers.acceptedLinks[peer], connection.data.isReady {
            sendData(plaintext, to: connection)
            return true
        }
        if let dialer = peers.dialers[peer], dialer.isUp { return seal(plaintext, for: dialer) }
        return false
    }

    /// Sends a control packet back the way the connection's peer came.
    func transmit(_ packet: [UInt8], to connection: Connection) {
        switch connection.transport {
        case .udp(let endpoint):
            if toUDP.count == toUDP.capacity { flushUDP() }
            toUDP.append(packet, endpoint: endpoint)
        case .tcp(let peer):
            queue(packet, on: peer)
        }
        connection.lastSent = context.now
    }

    /// Frames `packet` onto `peer`'s output; dropped (and counted) past `TCPPeer.maxPending`.
    func queue(_ packet: some Collection<UInt8>, on peer: TCPPeer) {
        if !peer.enqueue(packet) { context.counters.drop("tcp: output backlog full") }
    }

    /// Sends the UDP batch (what would block is dropped and counted) and writes the TUN batch.
    func flushUDP() {
        guard let udp else { return toUDP.removeAll() }
        if udp.sendAll(toUDP) > 0 { context.counters.drop("send: UDP would block") }
    }

    func flushTun() {
        if tun.writeAll(toTun) > 0 { context.counters.drop("tun: write would block") }
    }

    /// Sends the dialer's batch on its own transport; a broken transport is an event.
    func flush(_ dialer: LinkDialer) {
        guard let link = dialer.link else { return dialer.outgoing.removeAll() }
        do { try link.send(dialer.outgoing) } catch { emit(.linkBroken(dialer, "\(error)")) }
    }

    /// Flushes every dialled link with something to send.
    func flushDialers() {
        for dialer in peers.dialers.values where dialer.outgoing.count > 0 || dialer.link?.hasPendingBytes == true {
            flush(dialer)
        }
    }
}
