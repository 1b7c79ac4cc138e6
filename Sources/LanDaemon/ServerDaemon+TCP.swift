// ServerDaemon's TCP side (reference §1): accept streams, cut their bytes into packets that take
// the UDP datagram's path (receivePacket), and write framed replies, waiting for writability when
// the kernel's buffer is full.
//
//   accept ─▶ cap on streams still in their handshake (at the cap, the oldest stream that has
//             sent no packet yet makes room; only streams with a session count against it
//             for good) ─▶ poller (readable)
//   readable ─▶ read ≤ 16 × 64 KiB ─▶ TCPFrameDecoder ─▶ receivePacket(.tcp(peer))
//             a stream whose first packet made no connection, a bad length, the end of the
//             stream or a read error ─▶ close (the connection with it)
//   output ─▶ TCPPeer.pending (≤ 4 MiB, else dropped) ─▶ flush at the end of each loop turn;
//             a short write ─▶ also watch writable until the backlog is gone
//   timers ─▶ a stream with no whole packet within 5 s, or not accepted within the handshake
//             window (60 s), is closed — idle streams (slowloris) cannot hold the slots

import LanHost
import LanProtocol
import LanValues
import LanWire

extension ServerDaemon {
    /// How long a stream may stay open without its client being accepted (the hand-window).
    static let streamHandshakeWindow: Duration = .seconds(60)
    /// How long a stream may stay open before its first whole packet (a real client sends its
    /// hard reset at once; an idle stream is an attack on the slots below).
    static let streamFirstPacketWindow: Duration = .seconds(5)
    /// The most streams whose client is not yet accepted; more are closed on arrival, so idle
    /// or bogus connections cannot use up descriptors.
    static let maxHandshakingStreams = 256
    /// Reads per readiness event, so one busy stream cannot starve the others.
    static let readsPerWakeup = 16

    /// Accepts every waiting stream.
    func acceptStreams() {
        guard let tcp else { return }
        while true {
            let accepted: (stream: any DaemonStream, peer: IPv4Endpoint)?
            do { accepted = try tcp.acceptStream() } catch { return counters.drop("tcp: \(error)") }
            guard let (stream, endpoint) = accepted else { return }
            if tcpPeers.values.lazy.filter(\.isUnauthenticated).count >= Self.maxHandshakingStreams {
                // Make room by closing the oldest stream that has not sent a packet; refuse the
                // newcomer only when every slot holds a session.
                let idle = tcpPeers.values.filter { $0.connection == nil }.min { $0.opened < $1.opened }
                guard let idle else {
                    counters.drop("tcp: too many streams in their handshake")
                    try? stream.close()
                    continue
                }
                counters.drop("tcp: idle stream closed to make room")
                closeStream(idle, reason: "idle; closed to make room")
            }
            let peer = TCPPeer(stream: stream, endpoint: endpoint, token: nextStreamToken, opened: now)
            nextStreamToken += 1
            do {
                try poller.add(stream.pollHandle, interest: .readable, token: peer.token)
            } catch {
                counters.drop("tcp: \(error)")
                try? stream.close()
                continue
            }
            tcpPeers[peer.token] = peer
            counters.streamsAccepted += 1
        }
    }

    /// Handles readiness of the stream registered as `token`.
    func serviceStream(token: UInt64, events: PollEvents) {
        guard let peer = tcpPeers[token] else { return }
        if events.contains(.writable) { flush(peer) }
        if !events.isDisjoint(with: [.readable, .hangup, .error]) { read(peer) }
    }

    func read(_ peer: TCPPeer) {
        for _ in 0..<Self.readsPerWakeup {
            let count: Int?
            do { count = try peer.stream.read(into: streamScratch) } catch { return closeStream(peer) }
            guard let count else { return closeStream(peer, reason: "the client ended the TCP stream") }
            guard count > 0 else { return }
            peer.decoder.append(UnsafeRawBufferPointer(rebasing: streamScratch[0..<count]))
            while tcpPeers[peer.token] === peer {
                let frame: [UInt8]?
                do { frame = try peer.decoder.nextPacket() } catch {
                    counters.drop("tcp: bad packet length")
                    return closeStream(peer, reason: "bad TCP packet length")
                }
                guard var packet = frame else { break }
                packet.withUnsafeMutableBytes { receivePacket($0, via: .tcp(peer)) }
                if peer.connection == nil, tcpPeers[peer.token] === peer {
                    // The front door turned the stream's first packet away: nothing else on it counts.
                    return closeStream(peer)
                }
            }
            if tcpPeers[peer.token] !== peer { return }
        }
    }

    /// Frames `packet` onto `peer`'s output; dropped (and counted) past `TCPPeer.maxPending`.
    func queue(_ packet: some Collection<UInt8>, on peer: TCPPeer) {
        if !peer.enqueue(packet) { counters.drop("tcp: output backlog full") }
    }

    /// Flushes every stream with output that is not waiting for writability.
    func flushStreams() {
        for peer in tcpPeers.values where peer.pendingCount > 0 && !peer.watchesWritable {
            flush(peer)
        }
    }

    /// Writes `peer`'s output; watches writability exactly while some is left.
    func flush(_ peer: TCPPeer) {
        let drained: Bool
        do { drained = try peer.flush() } catch { return closeStream(peer) }
        guard drained == peer.watchesWritable else { return }
        let interest: PollEvents = drained ? .readable : [.readable, .writable]
        do {
            try poller.modify(peer.stream.pollHandle, interest: interest, token: peer.token)
            peer.watchesWritable = !drained
        } catch {
            closeStream(peer)
        }
    }

    /// Closes the stream, and its connection first if it has one (which comes back here).
    /// Output still pending gets one last try (an AUTH_FAILED, an EXIT).
    func closeStream(_ peer: TCPPeer, reason: String = "the TCP stream failed") {
        if let connection = peer.connection { return close(connection, reason: reason) }
        guard tcpPeers.removeValue(forKey: peer.token) != nil else { return }
        _ = try? peer.flush()
        try? poller.remove(peer.stream.pollHandle)
        try? peer.stream.close()
        counters.streamsClosed += 1
    }

    /// Closes streams that sent no whole packet within 5 s, and streams whose client was not
    /// accepted within the handshake window.
    func expireHandshakingStreams() {
        let current = now
        for peer in Array(tcpPeers.values) where peer.isUnauthenticated {
            if peer.connection == nil, current - peer.opened > Self.streamFirstPacketWindow {
                counters.drop("tcp: no packet within the first-packet window")
                closeStream(peer, reason: "no packet within 5 s")
            } else if current - peer.opened > Self.streamHandshakeWindow {
                counters.drop("tcp: no handshake within the window")
                closeStream(peer, reason: "no handshake within 60 s")
            }
        }
    }
}
