// PacketPool: a fixed number of identically shaped PacketBatches, allocated once at start-up and
// lent out and taken back, so the steady-state data path never allocates packet memory.

/// Lends out preallocated batches.
///
/// - Sizes: every batch has `batchCapacity` slots of `headroom + packetCapacity` bytes.
/// - Ownership: `take()` hands a batch to the caller until it calls `recycle(_:)`; a recycled
///   batch comes back empty (`count == 0`). Recycling a batch twice or from another pool traps.
/// - Exhaustion: `take()` returns nil when every batch is out — backpressure, never allocation.
/// - Thread-safety: none; one pool per worker thread.
public final class PacketPool {
    /// How many batches the pool owns.
    public let batchCount: Int
    private var free: [PacketBatch]
    private var lent: Set<ObjectIdentifier>

    /// Allocates `batches` batches of the given shape.
    public init(
        batches: Int, batchCapacity: Int, packetCapacity: Int = PacketBatch.defaultPacketCapacity,
        headroom: Int = PacketBatch.defaultHeadroom
    ) {
        precondition(batches > 0, "a pool needs at least one batch")
        batchCount = batches
        free = (0..<batches).map { _ in
            PacketBatch(capacity: batchCapacity, packetCapacity: packetCapacity, headroom: headroom)
        }
        lent = Set(minimumCapacity: batches)
    }

    /// Batches ready to lend.
    public var available: Int { free.count }

    /// Lends an empty batch, or nil when all are out.
    public func take() -> PacketBatch? {
        guard let batch = free.popLast() else { return nil }
        lent.insert(ObjectIdentifier(batch))
        return batch
    }

    /// Takes a lent batch back and empties it.
    public func recycle(_ batch: PacketBatch) {
        precondition(lent.remove(ObjectIdentifier(batch)) != nil, "batch was not lent by this pool")
        batch.removeAll()
        free.append(batch)
    }
}
