// The client's data path, through the same DataPeer as the server's members and links:
// P_DATA_V2 from the server opened in place and written to the TUN device; packets from the
// TUN device sealed for the server; pings and ping-restart (§9.3).

import LanDataPlane
import LanHost
import LanProtocol
import LanValues
import LanWire

extension ClientConnection {
    /// Reads packets from the server; returns an outcome if the connection must end.
    func receiveFromServer() throws -> ClientDaemon.Outcome? {
        do {
            try link.receive(into: received) { bytes in
                guard let first = bytes.first else { return }
                if first >> 3 == Opcode.dataV2.rawValue {
                    receiveData(bytes)
                } else if (try? session.receive(Array(bytes), now: now)) != nil {
                    heardFromServer = true
                    lastReceived = now
                }
            }
        } catch {
            return .lost("\(error)")
        }
        return nil
    }

    func receiveData(_ bytes: UnsafeMutableRawBufferPointer) {
        var drop: DataChannel.Drop?
        guard let data, tun != nil, let opened = data.open(bytes, now: now, drop: &drop) else { return }
        lastReceived = now
        let payload = UnsafeRawBufferPointer(opened)
        if payload.elementsEqual(DataChannelMessage.pingPayload) { return }
        if toTun.count == toTun.capacity { try? flushTun() }
        toTun.append(payload)
    }

    func receiveTun() throws {
        guard let tun else { return }
        while try tun.readPackets(into: fromTun) > 0 {
            for index in 0..<fromTun.count { send(UnsafeRawBufferPointer(fromTun.bytes(at: index))) }
            if fromTun.count < fromTun.capacity { break }
        }
    }

    /// Seals `plaintext` for the server into the outgoing batch.
    func send(_ plaintext: UnsafeRawBufferPointer) {
        guard let data else { return }
        if toServer.count == toServer.capacity { try? flushToServer() }
        if data.seal(plaintext, into: toServer, to: server, now: now) == .sealed { lastSent = now }
    }

    /// Sends a ping when idle for the pushed `ping`; gives up after `ping-restart`.
    func keepalive() -> ClientDaemon.Outcome? {
        guard let pushed, data?.isReady == true else { return nil }
        if data?.channel.needsNewKeys == true, session.renegotiate(now: now) {
            daemon.log("keys used up by packets; renegotiating")
        }
        let restart = Duration.seconds(pushed.pingRestart ?? 120)
        if now - lastReceived > restart { return .lost("nothing from the server for \(restart) (ping-restart)") }
        if now - lastSent > .seconds(pushed.ping ?? 10) {
            DataChannelMessage.pingPayload.withUnsafeBytes { send($0) }
        }
        return nil
    }

    func flushToServer() throws {
        try link.send(toServer)
    }

    func flushTun() throws {
        guard let tun else { return toTun.removeAll() }
        tun.writeAll(toTun)
    }
}
