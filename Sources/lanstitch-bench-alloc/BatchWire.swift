// BatchWire and SilentTun: the seams the proof's data plane runs over, made so that they
// allocate nothing per packet themselves — each side of the wire owns one PacketBatch,
// allocated at start, and a datagram "crosses" by one memcpy into it (as recvmmsg would).
// LanTestKit's LinkPair queues Arrays, which would count against the data plane.

import LanHost
import LanValues

/// Two cross-wired PacketLinks, one for the server and one for its members' side.
final class BatchWire {
    /// One side: datagrams sent to the other side's endpoint land in its inbox.
    final class Side: PacketLink, @unchecked Sendable {
        // @unchecked: the proof runs on one thread; the seam only asks for Sendable.
        let localEndpoint: IPv4Endpoint
        weak var other: Side?
        /// Datagrams waiting for this side's next `receive`, and datagrams that reached nobody.
        let inbox = PacketBatch(capacity: 64)
        private(set) var lost = 0

        init(_ endpoint: IPv4Endpoint) { localEndpoint = endpoint }

        func receive(into batch: PacketBatch) throws -> Int {
            batch.removeAll()
            for index in 0..<inbox.count {
                _ = batch.append(UnsafeRawBufferPointer(inbox.bytes(at: index)), endpoint: inbox.endpoint(at: index))
            }
            inbox.removeAll()
            return batch.count
        }

        func send(_ batch: PacketBatch, from start: Int) throws -> Int {
            for index in start..<batch.count {
                guard let other, batch.endpoint(at: index) == other.localEndpoint,
                    other.inbox.append(UnsafeRawBufferPointer(batch.bytes(at: index)), endpoint: localEndpoint)
                else {
                    lost += 1
                    continue
                }
            }
            return batch.count - start
        }

        func close() throws {}
    }

    let server: Side
    let members: Side

    init(_ serverEndpoint: IPv4Endpoint, _ memberEndpoint: IPv4Endpoint) {
        server = Side(serverEndpoint)
        members = Side(memberEndpoint)
        server.other = members
        members.other = server
    }
}

/// A TUN device with nothing to read that counts what is written to it.
final class SilentTun: TunDevice, @unchecked Sendable {
    // @unchecked: the proof runs on one thread; the seam only asks for Sendable.
    let name = "bench0"
    private(set) var written = 0

    func readPackets(into batch: PacketBatch) throws -> Int {
        batch.removeAll()
        return 0
    }

    func writePackets(_ batch: PacketBatch, from start: Int) throws -> Int {
        written += batch.count - start
        return batch.count - start
    }

    func close() throws {}
}
