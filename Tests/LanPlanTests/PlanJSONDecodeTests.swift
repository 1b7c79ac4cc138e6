// Reading a server's plan JSON back (what the daemon does with its bundle): every server of the
// example plans survives the round trip, and a bad entry is an error naming that entry.

import LanPlan
import Testing

@Suite struct PlanJSONDecodeTests {
    @Test(arguments: ["gaming", "office", "global"])
    func everyExampleServerRoundTrips(_ name: String) throws {
        let plan = try #require(try planOrFail(try loadExample(name)).plan)
        for server in plan.servers {
            let dto = PlanJSON.server(server)
            let decoded = try PlanJSON.decode(dto)
            #expect(PlanJSON.server(decoded) == dto, "\(server.name) of \(name)")
            #expect(decoded.pools == server.pools && decoded.internalRoutes == server.internalRoutes)
            #expect(decoded.dials.map(\.protocols) == server.dials.map(\.protocols))
        }
    }

    @Test func aBadEntryIsNamed() throws {
        let plan = try #require(try planOrFail(try loadExample("gaming")).plan)
        let good = PlanJSON.server(try #require(plan.server(named: "hangzhou")))
        func problem(_ change: (inout PlanJSON.ServerDTO) -> Void) -> String? {
            var dto = good
            change(&dto)
            do {
                _ = try PlanJSON.decode(dto)
                return nil
            } catch {
                return error.description
            }
        }
        #expect(
            problem { $0.pools[1] = "10.250.0.9/16" }?.hasPrefix("plan.pools[1]: '10.250.0.9/16' has host bits") == true
        )
        #expect(
            problem { $0.internal_routes[0].via = "tunnel" }
                == "plan.internal_routes[0].via: 'tunnel' is not clients, site, link (with a peer) or unreachable")
        #expect(problem { $0.dials = [] } == nil)
        #expect(problem { $0.tunnel_address = "10.251.0" } == "plan.tunnel_address: '10.251.0' is not an IPv4 address")
        #expect(problem { $0.kernel_routes[0].prefix = "10.0.0.0" }?.hasPrefix("plan.kernel_routes[0].prefix:") == true)
    }
}
