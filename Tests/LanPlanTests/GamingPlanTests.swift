// The blog recipe that started lanstitch, as assertions: hongkong (10.249/16, 10.248/16) dials
// hangzhou (10.251/16, 10.250/16); each routes the other's pools into its TUN device and over
// the link; clients get 10.0.0.0/8.

import LanPlan
import LanValues
import Testing

@Suite struct GamingPlanTests {
    @Test func hongkongRoutesHangzhouPoolsOverTheLink() throws {
        let plan = try #require(try planOrFail(try loadExample("gaming")).plan)
        let hongkong = try #require(plan.server(named: "hongkong"))
        #expect(hongkong.tunnelAddress == IPv4Address(10, 249, 0, 1))
        let kernel = Set(hongkong.kernelRoutes.map(\.prefix))
        #expect(kernel.isSuperset(of: [prefix("10.251.0.0/16"), prefix("10.250.0.0/16")]))
        #expect(hongkong.kernelRoutes.allSatisfy { $0.device == "lanstitch0" })
        #expect(!kernel.contains(prefix("10.249.0.0/16")), "the first own pool is the TUN's connected route")
        for pool in ["10.251.0.0/16", "10.250.0.0/16"] {
            let route = try #require(hongkong.internalRoutes.first { $0.prefix == prefix(pool) })
            #expect(route.via == .link("hangzhou"))
            #expect(route.owner == "hangzhou")
        }
        #expect(hongkong.pushedRoutes == [prefix("10.0.0.0/8")])
        #expect(hongkong.dials.map(\.peer) == ["hangzhou"])
        #expect(hongkong.dials.first?.endpoint.host == "203.0.113.10")
    }

    @Test func hangzhouMirrorsIt() throws {
        let plan = try #require(try planOrFail(try loadExample("gaming")).plan)
        let hangzhou = try #require(plan.server(named: "hangzhou"))
        #expect(hangzhou.tunnelAddress == IPv4Address(10, 251, 0, 1))
        #expect(
            Set(hangzhou.kernelRoutes.map(\.prefix)) == [
                prefix("10.250.0.0/16"), prefix("10.249.0.0/16"), prefix("10.248.0.0/16"),
            ])
        for pool in ["10.249.0.0/16", "10.248.0.0/16"] {
            #expect(hangzhou.internalRoutes.first { $0.prefix == prefix(pool) }?.via == .link("hongkong"))
        }
        #expect(hangzhou.accepts.map(\.peer) == ["hongkong"])
        #expect(hangzhou.dials.isEmpty)
        #expect(hangzhou.pushedRoutes == [prefix("10.0.0.0/8")])
    }

    @Test func failedLinkMakesRemotePoolsUnreachable() throws {
        let plan = try #require(
            try planOrFail(try loadExample("gaming"), failed: [LinkID("hongkong", "hangzhou")]).plan)
        let hongkong = try #require(plan.server(named: "hongkong"))
        #expect(hongkong.internalRoutes.first { $0.prefix == prefix("10.251.0.0/16") }?.via == .unreachable)
        #expect(hongkong.dials.first?.up == false)
    }

    @Test func officeSiteSubnetsArePushedAndRouted() throws {
        let plan = try #require(try planOrFail(try loadExample("office")).plan)
        let hq = try #require(plan.server(named: "hq"))
        #expect(hq.pushedRoutes == [prefix("10.0.0.0/8"), prefix("192.168.10.0/24"), prefix("192.168.20.0/24")])
        #expect(hq.internalRoutes.first { $0.prefix == prefix("192.168.10.0/24") }?.via == .site)
        #expect(hq.internalRoutes.first { $0.prefix == prefix("192.168.20.0/24") }?.via == .link("branch"))
        #expect(
            !hq.kernelRoutes.contains { $0.prefix == prefix("192.168.10.0/24") }, "own site LAN is directly attached")
        #expect(hq.kernelRoutes.contains { $0.prefix == prefix("192.168.20.0/24") })
    }
}
