// Connection: what the server keeps for one connected client or peer server — its control session, data
// channel, transport (a UDP endpoint or a TCP stream), identity and lease, and its keepalive
// clocks (§9.3).

import LanForwarding
import LanHost
import LanProtocol
import LanValues
import LanWire

/// One client of the server.
final class Connection {
    /// Where the client's packets come from and where replies go.
    let transport: Transport
    let session: ControlSession
    let data: DataChannel
    /// Set when the client authenticated and was accepted.
    var commonName: String?
    var address: IPv4Address?
    /// Set when the peer is another server of the LAN that dialled this one (a server link):
    /// then it has no lease, and it may send from any address behind a link.
    var linkPeer: String?
    /// True for lanstitch's own clients: kept alive like links (link_ping, link_timeout).
    var fastKeepalive = false
    /// The member's allowance of relayed broadcasts (made at its first broadcast).
    var broadcastBucket: TokenBucket?
    /// When the member's excess broadcasts were last logged (at most once per 10 s).
    var broadcastLimitLogged: Timestamp?
    /// The compression stub framing pushed to this client (§9.6); `.none` for most.
    var framing = CompressionFraming.none
    var lastReceived: Timestamp
    var lastSent: Timestamp
    /// When the client (or peer server) was accepted, and the data cipher it was given.
    var acceptedAt: Timestamp?
    var cipher: String?
    /// Packets and bytes each way, and drops, for status and metrics.
    var counters = Counters()

    struct Counters {
        var packetsIn = 0
        var packetsOut = 0
        var bytesIn = 0
        var bytesOut = 0
        var spoofed = 0
    }

    /// The client's address and port, on either transport.
    var endpoint: IPv4Endpoint { transport.endpoint }

    init(
        transport: Transport, session: ControlSession, peerID: PeerID, now: Timestamp,
        renegotiationPacketID: UInt32 = DataHeader.packetIDWrapTrigger
    ) {
        self.transport = transport
        self.session = session
        data = DataChannel(peerID: peerID, renegotiationPacketID: renegotiationPacketID)
        lastReceived = now
        lastSent = now
    }
}

/// How a client reaches the server (reference §1): datagrams from one UDP endpoint, or one TCP
/// stream whose packets carry a 2-byte length. The packets themselves are the same.
enum Transport: Equatable, CustomStringConvertible {
    case udp(IPv4Endpoint)
    case tcp(TCPPeer)

    /// Same endpoint for UDP; the very same stream for TCP.
    static func == (lhs: Transport, rhs: Transport) -> Bool {
        switch (lhs, rhs) {
        case (.udp(let left), .udp(let right)): left == right
        case (.tcp(let left), .tcp(let right)): left === right
        case (.udp, .tcp), (.tcp, .udp): false
        }
    }

    var endpoint: IPv4Endpoint {
        switch self {
        case .udp(let endpoint): endpoint
        case .tcp(let peer): peer.endpoint
        }
    }

    var description: String {
        switch self {
        case .udp(let endpoint): "\(endpoint)"
        case .tcp(let peer): "\(peer.endpoint) over TCP"
        }
    }

    /// "udp ADDRESS:PORT" or "tcp ADDRESS:PORT", for status and log metadata.
    var text: String {
        switch self {
        case .udp(let endpoint): "udp \(endpoint)"
        case .tcp(let peer): "tcp \(peer.endpoint)"
        }
    }
}
