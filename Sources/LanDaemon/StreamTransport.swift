// StreamTransport: the server's TCP side (reference §1) — accept streams, cut their bytes into
// packets that take the UDP datagram's path (the caller classifies them), and write framed
// output, waiting for writability when the kernel's buffer is full.
//
//   accept ─▶ cap on streams still in their handshake (at the cap, the oldest stream that has
//             sent no packet yet makes room; only streams with a session count against it
//             for good) ─▶ poller (readable)
//   readable ─▶ read ≤ 16 × 64 KiB ─▶ TCPFrameDecoder ─▶ each packet to the caller
//             a stream whose first packet made no connection is closed here; a bad length,
//             the end of the stream or a read error ─▶ ended (the loop closes its connection)
//   output ─▶ TCPPeer.pending (≤ 4 MiB, else dropped) ─▶ flush at the end of each loop turn;
//             a short write ─▶ also watch writable until the backlog is gone
//   timers ─▶ a stream with no whole packet within 5 s, or not accepted within the handshake
//             window (60 s), is ended — idle streams (slowloris) cannot hold the slots
//
// A stream that carries a connection is never closed here alone: it is reported as ended
// (`takeEnded`), and the loop closes the connection, which closes the stream (`close`).

import LanHost
import LanProtocol
import LanValues
import LanWire

/// The server's accepted TCP streams. Owned by the loop; not thread-safe.
final class StreamTransport {
    /// How long a stream may stay open without its client being accepted (the hand-window).
    static let handshakeWindow: Duration = .seconds(60)
    /// How long a stream may stay open before its first whole packet (a real client sends its
    /// hard reset at once; an idle stream is an attack on the slots below).
    static let firstPacketWindow: Duration = .seconds(5)
    /// The most streams whose client is not yet accepted; more are closed on arrival, so idle
    /// or bogus connections cannot use up descriptors.
    static let maxHandshaking = 256
    /// Reads per readiness event, so one busy stream cannot starve the others.
    static let readsPerWakeup = 16
    /// Poller tokens of streams start here.
    static let firstToken: UInt64 = 16

    let context: ServerContext
    let poller: any EventPoller
    let listener: (any DaemonStreamListener)?
    /// Accepted TCP streams by poller token.
    private(set) var streams: [UInt64: TCPPeer] = [:]
    private var nextToken = StreamTransport.firstToken
    /// Where TCP reads land before the frame decoder takes them.
    private let scratch = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 16, alignment: 1)
    /// Streams that ended while carrying a connection, with why (for the loop to close).
    private var ended: [(TCPPeer, String)] = []

    init(context: ServerContext, poller: any EventPoller, listener: (any DaemonStreamListener)?) {
        self.context = context
        self.poller = poller
        self.listener = listener
    }

    deinit { scratch.deallocate() }

    /// Streams that ended since the last call, with the reason.
    func takeEnded() -> [(TCPPeer, String)] {
        guard !ended.isEmpty else { return [] }
        defer { ended.removeAll() }
        return ended
    }

    /// Accepts every waiting stream.
    func acceptStreams() {
        guard let listener else { return }
        while true {
            let accepted: (stream: any DaemonStream, peer: IPv4Endpoint)?
            do { accepted = try listener.acceptStream() } catch { return context.counters.drop("tcp: \(error)") }
            guard let (stream, endpoint) = accepted else { return }
            if streams.values.lazy.filter(\.isUnauthenticated).count >= Self.maxHandshaking {
                // Make room by closing the oldest stream that has not sent a packet; refuse the
                // newcomer only when every slot holds a session.
                let idle = streams.values.filter { $0.connection == nil }.min { $0.opened < $1.opened }
                guard let idle else {
                    context.counters.drop("tcp: too many streams in their handshake")
                    try? stream.close()
                    continue
                }
                context.counters.drop("tcp: idle stream closed to make room")
                close(idle)
            }
            let peer = TCPPeer(stream: stream, endpoint: endpoint, token: nextToken, opened: context.now)
            nextToken += 1
            do {
                try poller.add(stream.pollHandle, interest: .readable, token: peer.token)
            } catch {
                context.counters.drop("tcp: \(error)")
                try? stream.close()
                continue
            }
            streams[peer.token] = peer
            context.counters.streamsAccepted += 1
        }
    }

    /// Handles readiness of the stream registered as `token`: output first, then input, each
    /// whole packet handed to `packet`.
    func service(token: UInt64, events: PollEvents, packet: (UnsafeMutableRawBufferPointer, TCPPeer) -> Void) {
        guard let peer = streams[token] else { return }
        if events.contains(.writable) { flush(peer) }
        if !events.isDisjoint(with: [.readable, .hangup, .error]) { read(peer, packet: packet) }
    }

    private func read(_ peer: TCPPeer, packet: (UnsafeMutableRawBufferPointer, TCPPeer) -> Void) {
        for _ in 0..<Self.readsPerWakeup {
            let count: Int?
            do { count = try peer.stream.read(into: scratch) } catch { return end(peer, "the TCP stream failed") }
            guard let count else { return end(peer, "the client ended the TCP stream") }
            guard count > 0 else { return }
            peer.decoder.append(UnsafeRawBufferPointer(rebasing: scratch[0..<count]))
            while isOpen(peer) {
                let frame: [UInt8]?
                do { frame = try peer.decoder.nextPacket() } catch {
                    context.counters.drop("tcp: bad packet length")
                    return end(peer, "bad TCP packet length")
                }
                guard var bytes = frame else { break }
                bytes.withUnsafeMutableBytes { packet($0, peer) }
                if peer.connection == nil, isOpen(peer) {
                    // The front door turned the stream's first packet away: nothing else on it counts.
                    return close(peer)
                }
            }
            if !isOpen(peer) { return }
        }
    }

    /// True while `peer` is one of the open streams.
    func isOpen(_ peer: TCPPeer) -> Bool { streams[peer.token] === peer }

    /// Flushes every stream with output that is not waiting for writability.
    func flushAll() {
        for peer in streams.values where peer.pendingCount > 0 && !peer.watchesWritable { flush(peer) }
    }

    /// Writes `peer`'s output; watches writability exactly while some is left.
    func flush(_ peer: TCPPeer) {
        let drained: Bool
        do { drained = try peer.flush() } catch { return end(peer, "the TCP stream failed") }
        guard drained == peer.watchesWritable else { return }
        let interest: PollEvents = drained ? .readable : [.readable, .writable]
        do {
            try poller.modify(peer.stream.pollHandle, interest: interest, token: peer.token)
            peer.watchesWritable = !drained
        } catch {
            end(peer, "the TCP stream failed")
        }
    }

    /// A stream that cannot go on: closed now if it carries no connection, else reported.
    private func end(_ peer: TCPPeer, _ reason: String) {
        if peer.connection == nil { return close(peer) }
        if !ended.contains(where: { $0.0 === peer }) { ended.append((peer, reason)) }
    }

    /// Closes the stream (its connection must be gone or going). Output still pending gets one
    /// last try (an AUTH_FAILED, an EXIT).
    func close(_ peer: TCPPeer) {
        guard streams.removeValue(forKey: peer.token) != nil else { return }
        _ = try? peer.flush()
        try? poller.remove(peer.stream.pollHandle)
        try? peer.stream.close()
        context.counters.streamsClosed += 1
    }

    /// Ends streams that sent no whole packet within 5 s, and streams whose client was not
    /// accepted within the handshake window.
    func expireHandshaking() {
        let current = context.now
        for peer in Array(streams.values) where peer.isUnauthenticated {
            if peer.connection == nil, current - peer.opened > Self.firstPacketWindow {
                context.counters.drop("tcp: no packet within the first-packet window")
                end(peer, "no packet within 5 s")
            } else if current - peer.opened > Self.handshakeWindow {
                context.counters.drop("tcp: no handshake within the window")
                end(peer, "no handshake within 60 s")
            }
        }
    }

    /// Closes the listener and every stream (at exit).
    func closeAll() {
        for peer in Array(streams.values) { close(peer) }
        try? listener?.close()
    }
}
