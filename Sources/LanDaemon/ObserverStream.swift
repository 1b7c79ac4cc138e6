// ObserverStream: one connection to the control socket or the metrics endpoint — bounded input
// until one request is complete, then one answer written out (waiting for writability if the
// kernel's buffer is full), then the sending side shut and the client's close awaited (a
// lingering close: closing with unread input would reset the stream before the client reads the
// answer). A connection that takes longer than `deadline` is closed.

import LanHost
import LanProtocol
import LanValues

/// One short-lived control or metrics connection.
final class ObserverStream {
    enum Kind { case control, metrics }

    /// How long a connection may take from accept to its answer written (bounds slow clients).
    static let deadline: Duration = .seconds(5)
    /// The most connections open at once; more are closed on arrival.
    /// The most open connections of each kind.
    static let maxOpen = 32

    let kind: Kind
    let stream: any DaemonStream
    let token: UInt64
    let opened: Timestamp
    /// What arrived so far (at most the request limit plus one read).
    var input: [UInt8] = []
    /// The answer, and how much of it the kernel took.
    var output: [UInt8] = []
    var written = 0
    var answered = false
    var watchesWritable = false
    /// The answer is out and the sending side shut: what still arrives is read and dropped
    /// until the client closes (so it reads the answer instead of a reset), or the deadline.
    var lingering = false

    init(kind: Kind, stream: any DaemonStream, token: UInt64, opened: Timestamp) {
        self.kind = kind
        self.stream = stream
        self.token = token
        self.opened = opened
    }

    /// Writes what the kernel takes; true when all of the answer is out. Throws when broken.
    func flush() throws -> Bool {
        while written < output.count {
            let moved = try output.withUnsafeBytes { bytes in
                try stream.write(UnsafeRawBufferPointer(rebasing: bytes[written...]))
            }
            if moved == 0 { return false }
            written += moved
        }
        return true
    }
}
