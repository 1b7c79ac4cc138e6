// Connection: what the server keeps for one connected client or peer server — its control
// session, its data path (DataPeer: data channel, framing, traffic, keepalive clocks, lease or
// link name), its transport (a UDP endpoint or a TCP stream) and its identity.

import LanDataPlane
import LanHost
import LanProtocol
import LanValues
import LanWire

/// One client of the server.
final class Connection {
    /// Where the client's packets come from and where replies go.
    let transport: Transport
    let session: ControlSession
    /// The connection's data path, shared with the data plane.
    let data: DataPeer
    /// Set when the client authenticated and was accepted.
    var commonName: String? {
        didSet { data.name = commonName }
    }
    /// True for lanstitch's own clients: kept alive like links (link_ping, link_timeout).
    var fastKeepalive = false
    /// When the client (or peer server) was accepted, and the data cipher it was given.
    var acceptedAt: Timestamp?
    var cipher: String?

    /// The member's lease, once accepted.
    var address: IPv4Address? { data.address }
    /// Set when the peer is another server of the LAN that dialled this one (a server link):
    /// then it has no lease, and it may send from any address behind a link.
    var linkPeer: String? { data.linkName }
    /// The data channel's peer id.
    var peerID: PeerID { data.channel.peerID }
    var lastReceived: Timestamp {
        get { data.lastReceived }
        set { data.lastReceived = newValue }
    }
    var lastSent: Timestamp { data.lastSent }
    /// Packets and bytes each way, and drops, for status and metrics.
    var counters: PeerTraffic { data.traffic }

    /// The client's address and port, on either transport.
    var endpoint: IPv4Endpoint { transport.endpoint }

    init(
        transport: Transport, session: ControlSession, peerID: PeerID, now: Timestamp,
        renegotiationPacketID: UInt32 = DataHeader.packetIDWrapTrigger
    ) {
        self.transport = transport
        self.session = session
        let egress: Egress
        switch transport {
        case .udp(let endpoint): egress = .datagram(endpoint)
        case .tcp(let peer): egress = .stream(peer)
        }
        data = DataPeer(
            channel: DataChannel(peerID: peerID, renegotiationPacketID: renegotiationPacketID), egress: egress,
            now: now)
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
