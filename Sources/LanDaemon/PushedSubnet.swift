// PushedSubnet: the subnet a server pushes to a member (`ifconfig ADDRESS NETMASK`), which must
// hold the pushed `route-gateway` (the server's tunnel address) or the member's OS refuses every
// pushed route ("Network is unreachable").

import LanValues

enum PushedSubnet {
    /// The prefix length for the member at `member`: with the broadcast relay, the LAN's (so
    /// the member's LAN broadcast leaves through the tunnel); otherwise the smallest prefix that
    /// holds every pool of the server, its tunnel address and the member, so a member of the
    /// second pool, or one whose home is another server (on its fallback), has the gateway
    /// inside its subnet.
    static func length(
        member: IPv4Address, pools: [IPv4Prefix], tunnelAddress: IPv4Address, relayNetwork: IPv4Prefix?
    ) -> Int {
        if let relayNetwork { return relayNetwork.length }
        let holding = pools + [tunnelAddress, member].map { IPv4Prefix($0, length: 32) }
        return IPv4Prefix.covering(holding)?.length ?? 32
    }
}
