// Tests of the subnet pushed to members: the server's address (the pushed route-gateway) is
// inside it for a member of any pool and for a fallback member; the relay pushes the LAN's.

import LanValues
import Testing

@testable import LanDaemon

@Suite struct PushedSubnetTests {
    func prefix(_ text: String) throws -> IPv4Prefix { try IPv4Prefix.parse(text).get() }
    func address(_ text: String) throws -> IPv4Address { try #require(IPv4Address(text)) }

    func pushed(_ member: String, pools: [String], relay: String? = nil) throws -> IPv4Prefix {
        let tunnel = try prefix(pools[0]).firstHost
        let length = PushedSubnet.length(
            member: try address(member), pools: try pools.map(prefix), tunnelAddress: tunnel,
            relayNetwork: try relay.map(prefix))
        return IPv4Prefix(try address(member), length: length)
    }

    @Test func aMemberOfTheSecondPoolHasTheGatewayInItsSubnet() throws {
        let pools = ["10.43.0.0/16", "10.44.0.0/16"]
        for member in ["10.43.0.20", "10.44.0.20"] {
            let subnet = try pushed(member, pools: pools)
            #expect(subnet.contains(try address("10.43.0.1")), "\(member) gets \(subnet)")
            #expect(subnet == (try prefix("10.40.0.0/13")))
        }
    }

    @Test func aOnePoolServerPushesThePool() throws {
        #expect(try pushed("10.128.0.7", pools: ["10.128.0.0/16"]) == (try prefix("10.128.0.0/16")))
    }

    @Test func aFallbackMemberHasTheGatewayInItsSubnet() throws {
        let subnet = try pushed("10.129.0.9", pools: ["10.128.0.0/16"])
        #expect(subnet.contains(try address("10.128.0.1")))
        #expect(subnet == (try prefix("10.128.0.0/15")))
    }

    @Test func theRelayPushesTheLAN() throws {
        #expect(try pushed("10.44.0.20", pools: ["10.43.0.0/16", "10.44.0.0/16"], relay: "10.0.0.0/8").length == 8)
    }
}
