// ServerDaemon's data path: P_DATA_V2 in from clients, IP packets in from the TUN device,
// and forwarding between them by the plan's longest-prefix-match table (docs/tunnel-design.md).

import LanForwarding
import LanLinux
import LanValues
import LanWire

extension ServerDaemon {
    func receiveUDP() throws {
        while try udp.receive(into: received) > 0 {
            for index in 0..<received.count {
                let bytes = received.bytes(at: index)
                guard let first = bytes.first else { continue }
                if first >> 3 == Opcode.dataV2.rawValue {
                    receiveData(bytes, from: received.endpoint(at: index))
                } else {
                    receiveControl(Array(bytes), from: received.endpoint(at: index))
                }
            }
            if received.count < received.capacity { break }
        }
    }

    func receiveData(_ bytes: UnsafeMutableRawBufferPointer, from endpoint: IPv4Endpoint) {
        guard bytes.count > DataChannel.overhead else { return counters.drop("data: too short") }
        let peer = UInt32(bytes[1]) << 16 | UInt32(bytes[2]) << 8 | UInt32(bytes[3])
        guard let connection = byPeerID[peer], connection.endpoint == endpoint else {
            return counters.drop("data: unknown peer id")
        }
        do {
            switch try connection.data.open(bytes, nowSeconds: UInt64(max(0, now.milliseconds / 1000))) {
            case .failure(let drop): return counters.drop("data: \(drop)")
            case .success: break
            }
        } catch {
            return counters.drop("data: \(error)")
        }
        connection.lastReceived = now
        let payload = UnsafeMutableRawBufferPointer(rebasing: bytes[DataChannel.overhead...])
        connection.counters.packetsIn += 1
        connection.counters.bytesIn += payload.count
        if payload.elementsEqual(DataChannelMessage.pingPayload) { return }
        if payload.count >= 16, payload.prefix(16).elementsEqual(DataChannelMessage.occMagic) {
            if payload.count == 17, payload[16] == DataChannelMessage.occExit { close(connection, reason: "OCC exit") }
            return
        }
        guard let packet = try? IPv4Packet(payload) else { return counters.drop("data: not an IPv4 packet") }
        guard let address = connection.address, packet.source == address else {
            connection.counters.spoofed += 1
            return counters.drop("data: source is not the client's own address")
        }
        forward(packet, fromTun: false)
    }

    func receiveTun() throws {
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

    /// Sends `packet` on: to the client that holds the destination, or into the host.
    func forward(_ packet: IPv4Packet, fromTun: Bool) {
        let destination = packet.destination
        if let target = byAddress[destination], target.data.isReady {
            if !fromTun, !packet.decrementTTL() { return counters.drop("forward: TTL exceeded") }
            return sendData(UnsafeRawBufferPointer(rebasing: packet.bytes[0..<packet.totalLength]), to: target)
        }
        let route: ForwardingTarget? =
            destination == configuration.tunnelAddress ? .site : configuration.routes.lookup(destination)
        switch route {
        case .clients?:
            counters.drop("forward: \(destination) is not connected")
        case .link?:
            counters.drop("forward: server links are not up yet")
        case .site?, nil:
            // The server's own address, its site LANs and anything outside the LAN go to the host.
            if fromTun { return counters.drop("forward: no route for \(destination)") }
            if toTun.count == toTun.capacity { try? flushTun() }
            toTun.append(UnsafeRawBufferPointer(rebasing: packet.bytes[0..<packet.totalLength]))
        }
    }

    /// Seals `plaintext` for `connection` into the UDP send batch.
    func sendData(_ plaintext: some Collection<UInt8>, to connection: Connection) {
        if toUDP.count == toUDP.capacity { try? flushUDP() }
        guard toUDP.append(plaintext, endpoint: connection.endpoint) else {
            return counters.drop("send: packet too large")
        }
        let index = toUDP.count - 1
        _ = toUDP.prepend(DataChannel.overhead, at: index)
        do {
            guard try connection.data.seal(toUDP.bytes(at: index)) else {
                toUDP.count -= 1
                return counters.drop("send: no keys yet")
            }
        } catch {
            toUDP.count -= 1
            return counters.drop("send: \(error)")
        }
        connection.lastSent = now
        connection.counters.packetsOut += 1
        connection.counters.bytesOut += plaintext.count
    }

    func flush() throws {
        try flushUDP()
        try flushTun()
    }

    func flushUDP() throws {
        var sent = 0
        while sent < toUDP.count {
            let moved = (try? udp.send(toUDP, from: sent)) ?? 0
            if moved == 0 {
                counters.drop("send: UDP would block")
                break
            }
            sent += moved
        }
        toUDP.removeAll()
    }

    func flushTun() throws {
        var written = 0
        while written < toTun.count {
            let moved = (try? tun.writePackets(toTun, from: written)) ?? 0
            if moved == 0 {
                counters.drop("tun: write would block")
                break
            }
            written += moved
        }
        toTun.removeAll()
    }
}
