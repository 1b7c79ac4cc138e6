// FakeInternet: an in-memory underlay for in-process daemon tests (TCP: FakeStreams.swift). Each host has one address;
// a UDP socket bound on it (port 0: the next free port) receives what any other socket sends
// to its endpoint, in order, at once. A cut between two hosts drops both directions (counted),
// as a broken path does. Nothing touches the kernel.

import LanDaemon
import LanHost
import LanLinux
import LanValues
import Synchronization

final class FakeInternet: Sendable {
    struct State {
        var queues: [IPv4Endpoint: [(bytes: [UInt8], source: IPv4Endpoint)]] = [:]
        var nextPort: [IPv4Address: UInt16] = [:]
        var cuts: Set<[IPv4Address]> = []
        var lost = 0
        /// Bytes sent to each address, delivered or not (what a flood drew back to its sources).
        var bytesTo: [IPv4Address: Int] = [:]
    }
    let state = Mutex(State())
    /// TCP listeners by endpoint (FakeStreams.swift).
    let listeners = Mutex<[IPv4Endpoint: FakeStreamListener]>([:])

    /// A socket of `host` bound to `endpoint` (0.0.0.0 means the host's address; port 0 the
    /// next free port from 40000).
    func bind(_ endpoint: IPv4Endpoint, host: IPv4Address) throws -> FakeSocket {
        let local = IPv4Endpoint(address: host, port: endpoint.port == 0 ? ephemeralPort(of: host) : endpoint.port)
        state.withLock { $0.queues[local] = $0.queues[local] ?? [] }
        return FakeSocket(localEndpoint: local, internet: self)
    }

    /// The next free port of `host`, from 40000 (sockets and streams share them).
    func ephemeralPort(of host: IPv4Address) -> UInt16 {
        state.withLock { state in
            let port = state.nextPort[host, default: 40_000]
            state.nextPort[host] = port + 1
            return port
        }
    }

    /// Drops everything between `a` and `b` (both ways) until `mend`.
    func cut(_ a: IPv4Address, _ b: IPv4Address) { _ = state.withLock { $0.cuts.insert([a, b].sorted()) } }
    func mend(_ a: IPv4Address, _ b: IPv4Address) { _ = state.withLock { $0.cuts.remove([a, b].sorted()) } }
    var lostCount: Int { state.withLock { $0.lost } }
    /// Bytes sent to `addresses` so far, by anyone.
    func bytesSent(to addresses: Set<IPv4Address>) -> Int {
        state.withLock { state in addresses.reduce(0) { $0 + state.bytesTo[$1, default: 0] } }
    }
    /// Delivers `bytes` to `destination` as if `source` (any endpoint, bound or not) sent it.
    func inject(_ bytes: [UInt8], from source: IPv4Endpoint, to destination: IPv4Endpoint) {
        state.withLock { $0.queues[destination]?.append((bytes, source)) }
    }
    func isCut(_ a: IPv4Address, _ b: IPv4Address) -> Bool { state.withLock { $0.cuts.contains([a, b].sorted()) } }
}

/// One socket on the FakeInternet, honouring the PacketLink contract.
final class FakeSocket: DaemonSocket, @unchecked Sendable {
    // @unchecked: all state is in the internet's Mutex.
    let localEndpoint: IPv4Endpoint
    let internet: FakeInternet
    var pollHandle: PollHandle { .memory }

    init(localEndpoint: IPv4Endpoint, internet: FakeInternet) {
        self.localEndpoint = localEndpoint
        self.internet = internet
    }

    func receive(into batch: PacketBatch) throws -> Int {
        internet.state.withLock { state in
            batch.removeAll()
            let queue = state.queues[localEndpoint] ?? []
            let taken = min(queue.count, batch.capacity)
            for datagram in queue.prefix(taken) {
                _ = batch.append(
                    datagram.bytes.count <= batch.packetCapacity ? datagram.bytes : [], endpoint: datagram.source)
            }
            state.queues[localEndpoint] = Array(queue.dropFirst(taken))
            return taken
        }
    }

    func send(_ batch: PacketBatch, from start: Int) throws -> Int {
        internet.state.withLock { state in
            for index in start..<batch.count {
                let destination = batch.endpoint(at: index)
                state.bytesTo[destination.address, default: 0] += batch.packet(at: index).count
                let path = [localEndpoint.address, destination.address].sorted()
                guard !state.cuts.contains(path), state.queues[destination] != nil else {
                    state.lost += 1
                    continue
                }
                state.queues[destination]?.append((batch.packet(at: index), localEndpoint))
            }
            return batch.count - start
        }
    }

    func close() {
        _ = internet.state.withLock { $0.queues.removeValue(forKey: localEndpoint) }
    }
}
