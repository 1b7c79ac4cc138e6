// TCPPeer: one TCP stream of the server (reference §1) — the decoder that cuts its bytes into
// packets, the framed output the kernel has not taken yet, and the connection it carries once an
// authentic hard reset arrived on it.

import LanDataPlane
import LanHost
import LanProtocol
import LanValues
import LanWire

/// One accepted TCP stream.
///
/// - Output: `enqueue` frames a packet into `pending` (never more than `maxPending` bytes; a
///   packet that would pass it is refused whole, so the stream never carries half a packet);
///   `flush` hands pending bytes to the kernel and keeps what it did not take.
/// - Owned by the event loop; not thread-safe.
final class TCPPeer: StreamOutput {
    /// The most output kept for a stream the client does not read fast enough.
    static let maxPending = 4 << 20

    let stream: any DaemonStream
    let endpoint: IPv4Endpoint
    /// The stream's poller token.
    let token: UInt64
    /// When the stream was accepted: the handshake window runs from here.
    let opened: Timestamp
    var decoder = TCPFrameDecoder()
    /// Set when an authentic hard reset arrived; the stream and the connection close together.
    var connection: Connection?
    /// Whether the poller also watches the stream for writability (output is waiting).
    var watchesWritable = false
    private var pending: [UInt8] = []
    /// `pending[..<written]` is already with the kernel.
    private var written = 0

    init(stream: any DaemonStream, endpoint: IPv4Endpoint, token: UInt64, opened: Timestamp) {
        self.stream = stream
        self.endpoint = endpoint
        self.token = token
        self.opened = opened
    }

    /// Bytes framed but not yet taken by the kernel.
    var pendingCount: Int { pending.count - written }

    /// True while the peer has not been accepted: no member lease and no server link granted yet.
    /// (An accepted server link has no address, so acceptance, not the lease, is what counts.)
    var isUnauthenticated: Bool { connection?.acceptedAt == nil }

    /// Appends the 2-byte length and `packet`; false, appending nothing, when the packet is
    /// empty, longer than 65535 bytes, or would take the output past `maxPending`.
    func enqueue(_ packet: UnsafeRawBufferPointer) -> Bool {
        let count = packet.count
        guard count > 0, count <= Int(UInt16.max), pendingCount + 2 + count <= Self.maxPending else { return false }
        pending.append(UInt8(count >> 8))
        pending.append(UInt8(count & 0xFF))
        pending.append(contentsOf: packet)
        return true
    }

    /// Writes pending output until the kernel would block. Returns true when nothing is left.
    /// Throws when the stream is broken.
    func flush() throws -> Bool {
        while written < pending.count {
            let moved = try pending.withUnsafeBytes { bytes in
                try stream.write(UnsafeRawBufferPointer(rebasing: bytes[written...]))
            }
            if moved == 0 { break }
            written += moved
        }
        if written == pending.count {
            pending.removeAll(keepingCapacity: pending.capacity <= 1 << 16)
            written = 0
            return true
        }
        if written >= pending.count / 2 {
            pending.removeFirst(written)
            written = 0
        }
        return false
    }
}
