// TunDevice: the seam between the data path and a layer-3 tunnel device. LinuxTun is the kernel's
// /dev/net/tun; ChannelTun (Fakes/) is an in-memory one for tests.

/// A layer-3 tunnel device seen as batches of whole IP packets (no packet-information prefix).
///
/// Contract:
/// - Sizes: one packet is at most the device MTU. Batches handed to `readPackets` need
///   `packetCapacity ≥ MTU`; a longer packet is delivered cut to `packetCapacity` bytes.
/// - `readPackets(into:)` empties the batch, then fills slots `0..<n` with one packet each at
///   `offset == batch.headroom`, sets `count = n` and returns n. It never blocks: with nothing
///   waiting it returns 0 (wait for readability with `Poller`, never spin). It stops at
///   `batch.capacity`.
/// - `writePackets(_:from:)` hands packets `start..<count` (each `bytes(at:)`) to the device in
///   order and returns how many it accepted, counted from `start`. Fewer than the rest means the
///   device would block, or refused the next packet: call again `from: start + n` after the next
///   writability (a refused packet then throws), or skip or drop what is left.
/// - Ownership: the device keeps no reference to the batch after either call returns.
/// - Errors: `SystemError` for anything but "would block". A call that has already moved packets
///   returns them instead of throwing (a read keeps what it read; a write throws only when the
///   packet at `start` itself fails); the failure shows up on the next call.
/// - After `close()` (idempotent), both calls throw `SystemError` with `EBADF`.
/// - Thread-safety: one reader and one writer may run at once, each with its own batch;
///   `close()` only after both have stopped.
public protocol TunDevice: AnyObject, Sendable {
    /// The interface name (`lst1234`).
    var name: String { get }

    /// Reads the packets waiting now, up to `batch.capacity`; returns how many (0 if none).
    func readPackets(into batch: PacketBatch) throws -> Int

    /// Writes packets `start..<batch.count`; returns how many were accepted, from `start`.
    func writePackets(_ batch: PacketBatch, from start: Int) throws -> Int

    /// Releases the device. Idempotent.
    func close() throws
}

extension TunDevice {
    /// Writes the whole batch (`from: 0`).
    public func writePackets(_ batch: PacketBatch) throws -> Int { try writePackets(batch, from: 0) }
}
