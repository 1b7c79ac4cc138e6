// ChannelTun: an in-memory TunDevice. Tests inject packets "from the kernel" (what the daemon
// will read) and observe the packets the daemon wrote (what the kernel would have received).

import Glibc
import LanHost
import LanLinux
import Synchronization

/// A `TunDevice` made of two queues, honouring the seam's contract.
///
/// - `inject(_:)` queues a packet for `readPackets`; `takeWritten()` drains what `writePackets`
///   accepted, in order.
/// - `writeLimit` makes `writePackets` accept at most that many packets per call (a device that
///   "would block"); nil accepts all.
/// - Packets longer than a batch's `packetCapacity` are cut to fit, as the kernel does.
/// - After `close()` reads and writes throw `SystemError` with `EBADF`; injecting is still allowed
///   and ignored.
/// - Thread-safety: every method may be called from any thread (one lock).
public final class ChannelTun: TunDevice {
    private struct State {
        var inbound: [[UInt8]] = []
        var written: [[UInt8]] = []
        var writeLimit: Int?
        var isClosed = false
    }

    public let name: String
    private let state = Mutex(State())

    public init(name: String = "chan0") { self.name = name }

    /// Queues a packet for the next `readPackets`.
    public func inject(_ packet: [UInt8]) {
        state.withLock { if !$0.isClosed { $0.inbound.append(packet) } }
    }

    /// Packets queued and not read yet.
    public var pendingCount: Int { state.withLock { $0.inbound.count } }

    /// Returns and forgets the packets written so far.
    public func takeWritten() -> [[UInt8]] {
        state.withLock { state in
            defer { state.written = [] }
            return state.written
        }
    }

    /// Caps how many packets one `writePackets` accepts (nil: no cap).
    public func setWriteLimit(_ limit: Int?) { state.withLock { $0.writeLimit = limit } }

    public func readPackets(into batch: PacketBatch) throws(SystemError) -> Int {
        try state.withLock { (state: inout State) throws(SystemError) -> Int in
            guard !state.isClosed else { throw SystemError.closed("read") }
            batch.removeAll()
            let taken = min(state.inbound.count, batch.capacity)
            for packet in state.inbound.prefix(taken) {
                batch.append(packet.prefix(batch.packetCapacity))
            }
            state.inbound.removeFirst(taken)
            return taken
        }
    }

    public func writePackets(_ batch: PacketBatch, from start: Int) throws(SystemError) -> Int {
        precondition(start >= 0 && start <= batch.count, "writePackets(from:) outside the batch")
        return try state.withLock { (state: inout State) throws(SystemError) -> Int in
            guard !state.isClosed else { throw SystemError.closed("write") }
            let accepted = min(batch.count - start, state.writeLimit ?? batch.count)
            for index in start..<(start + accepted) { state.written.append(batch.packet(at: index)) }
            return accepted
        }
    }

    public func close() {
        state.withLock {
            $0.isClosed = true
            $0.inbound = []
        }
    }
}
