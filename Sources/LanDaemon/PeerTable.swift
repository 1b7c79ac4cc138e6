// PeerTable: who the server talks to now, by every key the loop looks them up with — a UDP
// connection by its endpoint, any connection by its data-channel peer id, a member by its
// lease, a link peer by its server name (the connection it dialled in, and the dialer this
// server runs to it). The data plane reads it per packet; the sessions and the link
// supervisor write it as peers come and go.

import LanDataPlane
import LanHost
import LanProtocol
import LanValues
import LanWire

/// The server's peers. Owned by the loop; not thread-safe.
final class PeerTable {
    /// UDP connections by endpoint (a TCP connection is found through its stream, TCPPeer).
    private(set) var byEndpoint: [IPv4Endpoint: Connection] = [:]
    /// Every connection, on either transport, by its data channel's peer id.
    private(set) var byPeerID: [UInt32: Connection] = [:]
    /// Accepted members by their lease.
    private(set) var byAddress: [IPv4Address: Connection] = [:]
    /// Links peers dialled here, by peer server name.
    private(set) var acceptedLinks: [String: Connection] = [:]
    /// The links this server dials, by peer (kept by LinkSupervisor).
    var dialers: [String: LinkDialer] = [:] {
        didSet { directory.setDialled(dialers.mapValues(\.data)) }
    }
    /// The same peers as the data plane sees them (DataPeer), kept in step here.
    let directory = PeerDirectory()
    private var nextPeerID: UInt32 = 0

    /// Every connection, on either transport.
    var connections: [Connection] { Array(byPeerID.values) }

    /// The connection `transport` carries, if any.
    func connection(on transport: Transport) -> Connection? {
        switch transport {
        case .udp(let endpoint): byEndpoint[endpoint]
        case .tcp(let peer): peer.connection
        }
    }

    /// The next peer id no connection holds (24 bits), or nil when all are taken.
    func allocatePeerID() -> PeerID? {
        for _ in 0..<0xFF_FFFF {
            let candidate = nextPeerID
            nextPeerID = (nextPeerID + 1) % 0xFF_FFFF
            if byPeerID[candidate] == nil { return PeerID(candidate) }
        }
        return nil
    }

    /// Adds a connection that has just been made by the front door.
    func insert(_ connection: Connection) {
        switch connection.transport {
        case .udp(let endpoint): byEndpoint[endpoint] = connection
        case .tcp(let peer): peer.connection = connection
        }
        byPeerID[connection.peerID.value] = connection
        directory.insert(connection.data)
    }

    /// Removes `connection` from every key; false when it was already gone (or replaced).
    func remove(_ connection: Connection) -> Bool {
        switch connection.transport {
        case .udp(let endpoint):
            guard byEndpoint[endpoint] === connection else { return false }
            byEndpoint[endpoint] = nil
        case .tcp(let peer):
            guard peer.connection === connection else { return false }
            peer.connection = nil
        }
        byPeerID[connection.peerID.value] = nil
        directory.remove(connection.data)
        if let address = connection.address, byAddress[address] === connection { byAddress[address] = nil }
        if let peer = connection.linkPeer, acceptedLinks[peer] === connection { acceptedLinks[peer] = nil }
        return true
    }

    /// Makes `connection` the member holding `address`.
    func bind(_ connection: Connection, member address: IPv4Address) {
        byAddress[address] = connection
        directory.bind(connection.data, member: address)
    }

    /// Makes `connection` the link `peer` dialled in.
    func bind(_ connection: Connection, link peer: String) {
        acceptedLinks[peer] = connection
        directory.bind(connection.data, acceptedLink: peer)
    }

    /// Peers with a link that carries data now, whichever side dialled.
    var livePeers: Set<String> {
        Set(dialers.values.filter(\.isUp).map(\.peer)).union(acceptedLinks.filter { $0.value.data.isReady }.map(\.key))
    }

    /// Members connected here whose address is not from `pools` (roamed from their home).
    func roamedMembers(outside pools: [IPv4Prefix]) -> [IPv4Address] {
        byAddress.keys.filter { address in !pools.contains { $0.contains(address) } }.sorted()
    }
}
