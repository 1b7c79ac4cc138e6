// ServerDaemon's data path: P_DATA_V2 in from clients, IP packets in from the TUN device,
// and forwarding between them and the server links by the plan's longest-prefix-match table (docs/tunnel-design.md).

import LanForwarding
import LanHost
import LanProtocol
import LanValues
import LanWire

extension ServerDaemon {
    func receiveUDP() throws {
        guard let udp else { return }
        while try udp.receive(into: received) > 0 {
            for index in 0..<received.count {
                receivePacket(received.bytes(at: index), via: .udp(received.endpoint(at: index)))
            }
            if received.count < received.capacity { break }
        }
    }

    /// One OpenVPN packet from either transport: by its first byte, data or control.
    func receivePacket(_ bytes: UnsafeMutableRawBufferPointer, via transport: Transport) {
        guard let first = bytes.first else { return }
        if first >> 3 == Opcode.dataV2.rawValue {
            receiveData(bytes, via: transport)
        } else {
            receiveControl(Array(bytes), via: transport)
        }
    }

    func receiveData(_ bytes: UnsafeMutableRawBufferPointer, via transport: Transport) {
        guard bytes.count > DataChannel.overhead else { return counters.drop("data: too short") }
        let peer = UInt32(bytes[1]) << 16 | UInt32(bytes[2]) << 8 | UInt32(bytes[3])
        guard let connection = byPeerID[peer], connection.transport == transport else {
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
        guard needsFraming(connection, payload.first) else { return receivePlaintext(payload, from: connection) }
        // A stub framing other than the identity (legacy comp-lzo clients): unframe a copy.
        guard var plaintext = try? connection.framing.unframe(Array(payload)) else {
            return counters.drop("data: bad compression stub byte")
        }
        plaintext.withUnsafeMutableBytes { receivePlaintext($0, from: connection) }
    }

    /// True when `connection`'s framing changes a packet starting with `first` (stub-v2 only
    /// touches packets starting with its escape byte, which IP packets never do).
    func needsFraming(_ connection: Connection, _ first: UInt8?) -> Bool {
        switch connection.framing {
        case .none: return false
        case .stubV2: return first == CompressionFraming.v2EscapeByte
        case .lzoStub, .stubV1: return true
        }
    }

    /// A decrypted, unframed packet from a client: ping, OCC, or an IP packet to forward.
    func receivePlaintext(_ payload: UnsafeMutableRawBufferPointer, from connection: Connection) {
        if payload.elementsEqual(DataChannelMessage.pingPayload) { return }
        if payload.count >= 16, payload.prefix(16).elementsEqual(DataChannelMessage.occMagic) {
            if payload.count == 17, payload[16] == DataChannelMessage.occExit { close(connection, reason: "OCC exit") }
            return
        }
        if let peer = connection.linkPeer { return receiveFromLink(payload, peer: peer) }
        guard let packet = try? IPv4Packet(payload) else { return counters.drop("data: not an IPv4 packet") }
        guard let address = connection.address, packet.source == address else {
            connection.counters.spoofed += 1
            return counters.drop("data: source is not the client's own address")
        }
        if relayIfBroadcast(packet, member: connection, link: nil) { return }
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

    /// Sends `packet` on: to the client that holds the destination, over the server link the
    /// plan routes it through, or into the host. The TTL is decremented on every in-process hop
    /// (the kernel does it for packets from the TUN device); a router's ICMP errors answer a
    /// packet that cannot go on.
    func forward(_ packet: IPv4Packet, fromTun: Bool) {
        let destination = packet.destination
        packet.clampTCPMSS(to: Self.tunnelMSS)
        let bytes = UnsafeRawBufferPointer(rebasing: packet.bytes[0..<packet.totalLength])
        if let target = byAddress[destination], target.data.isReady {
            if !fromTun, !packet.decrementTTL() { return answer(packet, with: .timeExceeded) }
            return sendData(bytes, to: target)
        }
        let route: ForwardingTarget? =
            destination == configuration.tunnelAddress ? .site : routes.lookup(destination)
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
            if toTun.count == toTun.capacity { try? flushTun() }
            toTun.append(bytes)
        }
    }

    /// The largest TCP segment whose tunnelled packet fits a 1500-byte underlay: 1500 − outer
    /// IPv4 and UDP (28) − the data channel's header and tag (24) − inner IPv4 and TCP (40).
    static let tunnelMSS: UInt16 = 1408

    /// Answers `offending` with an ICMP error from this server's tunnel address, within the
    /// per-second allowance. Never answers an ICMP error, so this recurses at most once.
    func answer(_ offending: IPv4Packet, with error: ICMPError) {
        guard icmpBudget.take(atMilliseconds: now.milliseconds) else {
            return counters.drop("icmp: over the allowance")
        }
        guard let length = error.build(answering: offending, from: configuration.tunnelAddress, into: icmpScratch),
            let reply = try? IPv4Packet(UnsafeMutableRawBufferPointer(rebasing: icmpScratch[0..<length]))
        else { return }
        counters.icmpErrorsSent += 1
        forward(reply, fromTun: false)
    }

    /// Seals `plaintext` for `connection`: into the UDP send batch, or framed onto its TCP
    /// stream's output.
    /// Frames (if the client's framing needs it), seals and queues `plaintext` for `connection`.
    func sendData(_ plaintext: some Collection<UInt8>, to connection: Connection) {
        if needsFraming(connection, plaintext.first) {
            return sendSealed(connection.framing.frame(Array(plaintext)), to: connection)
        }
        sendSealed(plaintext, to: connection)
    }

    func sendSealed(_ plaintext: some Collection<UInt8>, to connection: Connection) {
        let batch: PacketBatch
        let endpoint: IPv4Endpoint
        switch connection.transport {
        case .udp(let udpEndpoint):
            if toUDP.count == toUDP.capacity { try? flushUDP() }
            (batch, endpoint) = (toUDP, udpEndpoint)
        case .tcp:
            toTCP.removeAll()
            (batch, endpoint) = (toTCP, .unspecified)
        }
        guard batch.append(plaintext, endpoint: endpoint) else {
            return counters.drop("send: packet too large")
        }
        let index = batch.count - 1
        _ = batch.prepend(DataChannel.overhead, at: index)
        do {
            guard try connection.data.seal(batch.bytes(at: index), now: now) else {
                batch.count -= 1
                return counters.drop("send: no keys yet")
            }
        } catch {
            batch.count -= 1
            return counters.drop("send: \(error)")
        }
        if case .tcp(let peer) = connection.transport {
            queue(batch.bytes(at: index), on: peer)
            batch.removeAll()
        }
        connection.lastSent = now
        connection.counters.packetsOut += 1
        connection.counters.bytesOut += plaintext.count
    }

    func flush() throws {
        try flushUDP()
        flushDialers()
        flushStreams()
        try flushTun()
    }

    func flushUDP() throws {
        guard let udp else { return toUDP.removeAll() }
        if udp.sendAll(toUDP) > 0 { counters.drop("send: UDP would block") }
    }

    func flushTun() throws {
        if tun.writeAll(toTun) > 0 { counters.drop("tun: write would block") }
    }
}
