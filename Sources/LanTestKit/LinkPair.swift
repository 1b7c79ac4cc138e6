// LinkPair: two in-memory PacketLinks wired to each other, like two UDP sockets on one network.
// A datagram one side sends to the other side's endpoint arrives there, with the sender's
// endpoint as its source; a datagram to any other endpoint is counted as lost.

import Glibc
import LanHost
import LanLinux
import LanValues
import Synchronization

/// Two cross-wired `PairedLink`s.
public struct LinkPair: Sendable {
    public let left: PairedLink
    public let right: PairedLink

    /// Wires `left` (bound to `leftEndpoint`) to `right` (bound to `rightEndpoint`).
    public init(leftEndpoint: IPv4Endpoint, rightEndpoint: IPv4Endpoint) {
        let wire = Wire(endpoints: [leftEndpoint, rightEndpoint])
        left = PairedLink(localEndpoint: leftEndpoint, side: 0, wire: wire)
        right = PairedLink(localEndpoint: rightEndpoint, side: 1, wire: wire)
    }

    /// The shared medium: one inbound queue per side, plus what went nowhere.
    final class Wire: Sendable {
        /// Each side's bound endpoint, by side index.
        let endpoints: [IPv4Endpoint]
        struct State {
            var queues: [[(bytes: [UInt8], source: IPv4Endpoint)]] = [[], []]
            var closed = [false, false]
            var lost = 0
        }
        let state = Mutex(State())

        init(endpoints: [IPv4Endpoint]) { self.endpoints = endpoints }
    }
}

/// One side of a `LinkPair`, honouring the `PacketLink` contract.
///
/// - Delivery is immediate and in order; nothing is dropped except datagrams addressed to an
///   endpoint that is not the peer's, or sent to a closed peer (both counted in `lostCount`).
/// - Datagrams longer than the receiving batch's `packetCapacity` arrive with length 0, as the
///   kernel-backed link reports a cut datagram.
/// - After `close()` receive and send throw `SystemError` with `EBADF`.
/// - Thread-safety: every method may be called from any thread (one lock shared by the pair).
public final class PairedLink: PacketLink {
    public let localEndpoint: IPv4Endpoint
    private let side: Int
    private let wire: LinkPair.Wire
    private var peer: Int { 1 - side }

    init(localEndpoint: IPv4Endpoint, side: Int, wire: LinkPair.Wire) {
        self.localEndpoint = localEndpoint
        self.side = side
        self.wire = wire
    }

    /// Datagrams either side sent that reached nobody.
    public var lostCount: Int { wire.state.withLock { $0.lost } }

    /// Datagrams waiting for this side's next `receive`.
    public var pendingCount: Int { wire.state.withLock { $0.queues[side].count } }

    public func receive(into batch: PacketBatch) throws(SystemError) -> Int {
        try wire.state.withLock { (state: inout LinkPair.Wire.State) throws(SystemError) -> Int in
            guard !state.closed[side] else { throw SystemError.closed("recvmmsg") }
            batch.removeAll()
            let taken = min(state.queues[side].count, batch.capacity)
            for datagram in state.queues[side].prefix(taken) {
                let fits = datagram.bytes.count <= batch.packetCapacity
                batch.append(fits ? datagram.bytes : [], endpoint: datagram.source)
            }
            state.queues[side].removeFirst(taken)
            return taken
        }
    }

    public func send(_ batch: PacketBatch, from start: Int) throws(SystemError) -> Int {
        precondition(start >= 0 && start <= batch.count, "send(from:) outside the batch")
        return try wire.state.withLock { (state: inout LinkPair.Wire.State) throws(SystemError) -> Int in
            guard !state.closed[side] else { throw SystemError.closed("sendmmsg") }
            for index in start..<batch.count {
                let destination = batch.endpoint(at: index)
                guard !state.closed[peer], destination == wire.endpoints[peer] else {
                    state.lost += 1
                    continue
                }
                state.queues[peer].append((batch.packet(at: index), localEndpoint))
            }
            return batch.count - start
        }
    }

    public func close() {
        wire.state.withLock {
            $0.closed[side] = true
            $0.queues[side] = []
        }
    }
}
