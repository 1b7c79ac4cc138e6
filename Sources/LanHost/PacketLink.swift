// PacketLink: the seam between the data path and a datagram transport (UDP). LinuxUDPSocket is
// the kernel's; LinkPair (Fakes/) cross-wires two in-memory links for tests.

import LanValues

/// A datagram socket seen as batches: receive with source addresses, send to addresses.
///
/// Contract:
/// - Sizes: a datagram is at most `batch.packetCapacity` bytes. A longer received datagram is
///   cut by the kernel; it is delivered with length 0 (OpenVPN never sends empty datagrams, so
///   readers skip empty packets).
/// - `receive(into:)` empties the batch, fills slots `0..<n` with one datagram each at
///   `offset == batch.headroom`, sets `endpoint(at:)` to its source, sets `count = n` and
///   returns n. It never blocks: with nothing waiting it returns 0.
/// - `send(_:from:)` sends packets `start..<count`, each to `endpoint(at:)`, in order, and returns
///   how many the link accepted, counted from `start`. Fewer than the rest means it would block or
///   refused the next datagram: call again `from: start + n` after writability (a refused datagram
///   then throws), or skip or drop what is left.
/// - Ownership: the link keeps no reference to the batch after either call returns.
/// - Errors: `SystemError` for anything but "would block". A call that has already moved datagrams
///   returns them instead of throwing (a receive keeps what it received; a send throws only when
///   the datagram at `start` itself fails); the failure shows up on the next call.
/// - After `close()` (idempotent), both calls throw `SystemError` with `EBADF`.
/// - Thread-safety: one receiver and one sender may run at once, each with its own batch;
///   `close()` only after both have stopped.
public protocol PacketLink: AnyObject, Sendable {
    /// The address and port the link is bound to (the real port when bound to port 0).
    var localEndpoint: IPv4Endpoint { get }

    /// Receives the datagrams waiting now, up to `batch.capacity`; returns how many (0 if none).
    func receive(into batch: PacketBatch) throws -> Int

    /// Sends datagrams `start..<batch.count` to their endpoints; returns how many were accepted.
    func send(_ batch: PacketBatch, from start: Int) throws -> Int

    /// Releases the link. Idempotent.
    func close() throws
}

extension PacketLink {
    /// Sends the whole batch (`from: 0`).
    public func send(_ batch: PacketBatch) throws -> Int { try send(batch, from: 0) }
}
