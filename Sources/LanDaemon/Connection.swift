// Connection: what the server keeps for one connected client — its control session, data
// channel, endpoint, identity and lease, and its keepalive clocks (§9.3).

import LanLinux
import LanProtocol
import LanValues
import LanWire

/// One client of the server.
final class Connection {
    let endpoint: IPv4Endpoint
    let session: ControlSession
    let data: DataChannel
    /// Set when the client authenticated and was accepted.
    var commonName: String?
    var address: IPv4Address?
    var lastReceived: Timestamp
    var lastSent: Timestamp
    /// Packets and bytes each way, and drops, for status and metrics.
    var counters = Counters()

    struct Counters {
        var packetsIn = 0
        var packetsOut = 0
        var bytesIn = 0
        var bytesOut = 0
        var spoofed = 0
    }

    init(endpoint: IPv4Endpoint, session: ControlSession, peerID: PeerID, now: Timestamp) {
        self.endpoint = endpoint
        self.session = session
        data = DataChannel(peerID: peerID)
        lastReceived = now
        lastSent = now
    }
}
