// PacketLink: the seam between the data path and a datagram transport (UDP). LinuxUDPSocket is
// the kernel's; LinkPair (Fakes/) cross-wires two in-memory links for tests.

/// A datagram socket seen as batches: receive with source addresses, send to addresses.
///
/// Contract:
/// - Sizes: a datagram is at most `batch.packetCapacity` bytes. A longer received datagram is
///   cut by the kernel; it is delivered with length 0 (OpenVPN never sends empty datagrams, so
///   readers skip empty packets).
/// - `receive(into:)` empties the batch, fills slots `0..<n` with one datagram each at
///   `offset == batch.headroom`, sets `endpoint(at:)` to its source, sets `count = n` and
///   returns n. It never blocks: with nothing waiting it returns 0.
/// - `send(_:)` sends packets `0..<count`, each to `endpoint(at:)`, in order, and returns how many
///   the link accepted from the front; fewer than `count` means it would block.
/// - Ownership: the link keeps no reference to the batch after either call returns.
/// - Errors: `SystemError` for anything but "would block".
/// - After `close()` (idempotent), both calls throw `SystemError` with `EBADF`.
/// - Thread-safety: one receiver and one sender may run at once, each with its own batch;
///   `close()` only after both have stopped.
public protocol PacketLink: AnyObject, Sendable {
    /// The address and port the link is bound to (the real port when bound to port 0).
    var localEndpoint: IPv4Endpoint { get }

    /// Receives the datagrams waiting now, up to `batch.capacity`; returns how many (0 if none).
    func receive(into batch: PacketBatch) throws -> Int

    /// Sends datagrams `0..<batch.count` to their endpoints; returns how many were accepted.
    func send(_ batch: PacketBatch) throws -> Int

    /// Releases the link. Idempotent.
    func close() throws
}
