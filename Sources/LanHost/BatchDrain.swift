// BatchDrain: hand a whole batch to a seam — resume after partial system calls until every
// packet is taken, or stop at the first packet the kernel will not take now (would block, or
// refused), counting what was left. The batch is empty afterwards either way.

extension PacketLink {
    /// Sends every packet of `batch` and empties it; returns how many packets were not sent.
    @discardableResult
    public func sendAll(_ batch: PacketBatch) -> Int {
        BatchDrain.drain(batch) { try send(batch, from: $0) }
    }
}

extension TunDevice {
    /// Writes every packet of `batch` and empties it; returns how many packets were not written.
    @discardableResult
    public func writeAll(_ batch: PacketBatch) -> Int {
        BatchDrain.drain(batch) { try writePackets(batch, from: $0) }
    }
}

enum BatchDrain {
    /// Calls `move(start)` until the batch is done or it moves nothing (or throws).
    static func drain(_ batch: PacketBatch, _ move: (Int) throws -> Int) -> Int {
        var done = 0
        while done < batch.count {
            let moved = (try? move(done)) ?? 0
            if moved == 0 { break }
            done += moved
        }
        let unsent = batch.count - done
        batch.removeAll()
        return unsent
    }
}
