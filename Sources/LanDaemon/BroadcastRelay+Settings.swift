// BroadcastRelay+Settings: the data plane's broadcast relay as the bundle describes it
// (`broadcast_relay: true`, the LAN's network, the pools' broadcasts, the plan's tree).

import LanBundle
import LanDataPlane

extension BroadcastRelay {
    /// The relay of `settings`; nil when the LAN has no broadcast relay.
    init?(_ settings: ServerSettings) {
        guard let relay = settings.broadcast else { return nil }
        self.init(
            network: settings.network, groups: relay.groups, poolBroadcasts: relay.poolBroadcasts,
            peers: settings.plan.broadcastPeers, rate: relay.rate, burst: relay.burst,
            siteBroadcasts: relay.sites ? settings.plan.siteSubnets.map(\.last) : [])
    }
}
