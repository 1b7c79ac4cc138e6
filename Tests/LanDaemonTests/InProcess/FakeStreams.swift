// FakeStreams: in-memory TCP for in-process daemon tests. A listener bound on a FakeInternet
// endpoint queues each connecting stream; the two ends of a stream share two byte queues, so
// what one end writes the other reads, in order. While the path between the two hosts is cut,
// bytes wait (as TCP retransmits) and arrive when it mends; closing one end ends the other's
// stream after what was sent.

import LanDaemon
import LanHost
import LanLinux
import LanValues
import Synchronization

/// The shared state of one stream: a byte queue each way and who has closed.
final class FakeStreamPipe: Sendable {
    struct State {
        var toServer: [UInt8] = []
        var toClient: [UInt8] = []
        var clientClosed = false
        var serverClosed = false
    }
    let state = Mutex(State())
    let client: IPv4Endpoint
    let server: IPv4Endpoint
    let internet: FakeInternet
    init(client: IPv4Endpoint, server: IPv4Endpoint, internet: FakeInternet) {
        self.client = client
        self.server = server
        self.internet = internet
    }
    var isCut: Bool { internet.isCut(client.address, server.address) }
}

/// One end of a fake stream, honouring the DaemonStream contract.
final class FakeStream: DaemonStream, @unchecked Sendable {
    // @unchecked: all state is in the pipe's Mutex.
    let pipe: FakeStreamPipe
    let isServerEnd: Bool
    var pollHandle: PollHandle { .memory }
    init(pipe: FakeStreamPipe, isServerEnd: Bool) {
        self.pipe = pipe
        self.isServerEnd = isServerEnd
    }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int? {
        let cut = pipe.isCut
        return pipe.state.withLock { state -> Int? in
            let peerClosed = isServerEnd ? state.clientClosed : state.serverClosed
            var queue = isServerEnd ? state.toServer : state.toClient
            if cut { return 0 }
            if queue.isEmpty { return peerClosed ? nil : 0 }
            let count = min(buffer.count, queue.count)
            for index in 0..<count { buffer[index] = queue[index] }
            queue.removeFirst(count)
            if isServerEnd { state.toServer = queue } else { state.toClient = queue }
            return count
        }
    }

    func write(_ bytes: UnsafeRawBufferPointer) throws -> Int {
        try pipe.state.withLock { state -> Int in
            let peerClosed = isServerEnd ? state.clientClosed : state.serverClosed
            if peerClosed { throw SystemError(call: "send", code: 32) }  // EPIPE
            if isServerEnd { state.toClient += bytes } else { state.toServer += bytes }
            return bytes.count
        }
    }

    /// The peer reads end of stream once it has read what was written (as close, for the peer).
    func shutdownWrite() { close() }

    func close() {
        pipe.state.withLock { if isServerEnd { $0.serverClosed = true } else { $0.clientClosed = true } }
    }
}

/// A listener on a FakeInternet endpoint.
final class FakeStreamListener: DaemonStreamListener, @unchecked Sendable {
    let localEndpoint: IPv4Endpoint
    let waiting = Mutex<[(stream: FakeStream, peer: IPv4Endpoint)]>([])
    var pollHandle: PollHandle { .memory }
    init(localEndpoint: IPv4Endpoint) { self.localEndpoint = localEndpoint }

    func acceptStream() throws -> (stream: any DaemonStream, peer: IPv4Endpoint)? {
        waiting.withLock { $0.isEmpty ? nil : $0.removeFirst() }.map { ($0.stream, $0.peer) }
    }

    func close() {}
}

extension FakeInternet {
    /// A listener of `host` on `endpoint`'s port.
    func listen(_ endpoint: IPv4Endpoint, host: IPv4Address) -> FakeStreamListener {
        let listener = FakeStreamListener(localEndpoint: IPv4Endpoint(address: host, port: endpoint.port))
        listeners.withLock { $0[listener.localEndpoint] = listener }
        return listener
    }

    /// A stream from `host` to `server`; refused (ECONNREFUSED) when nothing listens there.
    func connect(to server: IPv4Endpoint, from host: IPv4Address) throws -> FakeStream {
        guard let listener = listeners.withLock({ $0[server] }) else {
            throw SystemError(call: "connect", code: 111)  // ECONNREFUSED
        }
        let client = IPv4Endpoint(address: host, port: ephemeralPort(of: host))
        let pipe = FakeStreamPipe(client: client, server: server, internet: self)
        listener.waiting.withLock { $0.append((FakeStream(pipe: pipe, isServerEnd: true), client)) }
        return FakeStream(pipe: pipe, isServerEnd: false)
    }
}
