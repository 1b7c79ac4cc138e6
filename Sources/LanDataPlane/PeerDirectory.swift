// PeerDirectory: the data plane's view of who is connected — every peer by its data-channel
// peer id, members by their lease, and server links by name (the link the peer dialled in,
// and the one this server dials to it). The server's sessions and link supervisor keep it in
// step with their connections (LanDaemon's PeerTable); the data plane only reads it.

import LanProtocol
import LanValues

/// The data plane's peers. Owned by the loop; not thread-safe.
public final class PeerDirectory {
    /// Peers that arrive through the server's own socket or streams, by peer id (dialled links
    /// are reached through their own transport, not by peer id).
    public private(set) var byPeerID: [UInt32: DataPeer] = [:]
    /// Members by their lease.
    public private(set) var byAddress: [IPv4Address: DataPeer] = [:]
    /// Links peers dialled here, and links this server dials, by peer server name.
    public private(set) var accepted: [String: DataPeer] = [:]
    public private(set) var dialled: [String: DataPeer] = [:]

    public init() {}

    /// Adds a peer the front door admitted.
    public func insert(_ peer: DataPeer) { byPeerID[peer.channel.peerID.value] = peer }

    /// Forgets `peer` under every key it holds.
    public func remove(_ peer: DataPeer) {
        let id = peer.channel.peerID.value
        if byPeerID[id] === peer { byPeerID[id] = nil }
        if let address = peer.address, byAddress[address] === peer { byAddress[address] = nil }
        if let name = peer.linkName, accepted[name] === peer { accepted[name] = nil }
    }

    /// Makes `peer` the member holding `address`.
    public func bind(_ peer: DataPeer, member address: IPv4Address) {
        peer.address = address
        byAddress[address] = peer
    }

    /// Makes `peer` the link `name` dialled in.
    public func bind(_ peer: DataPeer, acceptedLink name: String) {
        peer.linkName = name
        accepted[name] = peer
    }

    /// The links this server dials, by peer name.
    public func setDialled(_ links: [String: DataPeer]) { dialled = links }

    /// The link to `name` that carries data now: the one it dialled in, else the one dialled.
    @inline(__always)
    public func link(_ name: String) -> DataPeer? {
        if let peer = accepted[name], peer.isReady { return peer }
        if let peer = dialled[name], peer.isReady { return peer }
        return nil
    }

    /// Names of the links that carry data now.
    public var liveLinks: Set<String> {
        Set(accepted.filter { $0.value.isReady }.keys).union(dialled.filter { $0.value.isReady }.keys)
    }
}
