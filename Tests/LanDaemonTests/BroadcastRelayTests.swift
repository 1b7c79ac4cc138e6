// What the relay carries, from a real bundle of gaming.yaml (broadcast_relay: true): the
// limited broadcast, the LAN's, every pool's, and the default multicast groups — nothing else.

import LanValues
import Testing

@testable import LanDaemon
@testable import LanDataPlane

@Suite struct BroadcastRelayTests {
    @Test func gamingRelaysBroadcastsAndDiscoveryGroupsOnly() throws {
        let configuration = try DaemonConfiguration.load(makeBundle("hangzhou").config)
        let relay = try #require(BroadcastRelay(configuration.settings))
        #expect(relay.peers == ["hongkong"])
        #expect(relay.rate == 100 && relay.burst == 200)
        for carried in ["255.255.255.255", "10.255.255.255", "10.251.255.255", "10.248.255.255", "224.0.0.251"] {
            #expect(relay.carries(try #require(IPv4Address(carried))), "\(carried)")
        }
        for unicast in ["10.251.0.2", "10.251.255.254", "224.0.0.252", "192.168.1.255"] {
            #expect(!relay.carries(try #require(IPv4Address(unicast))), "\(unicast)")
        }
    }
}
