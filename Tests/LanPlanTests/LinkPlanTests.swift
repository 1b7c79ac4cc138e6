// Link derivation: who dials whom for each topology, and the checks on the link graph.

import LanInventory
import LanPlan
import LanValues
import Testing

func links(_ yaml: String) throws -> [String] {
    LinkPlanner.derive(try loadText(yaml)).links.map { "\($0.dialer)->\($0.listener):\($0.cost)" }
}

@Suite struct LinkPlanTests {
    @Test func hubServersDialTheHub() throws {
        let yaml = """
            topology: hub
            hub: mid
            servers:
              - { name: mid, endpoint: 192.0.2.1 }
              - { name: aaa, endpoint: 192.0.2.2 }
              - { name: zzz }
            """
        #expect(try links(yaml) == ["aaa->mid:10", "zzz->mid:10"])
    }

    @Test func meshDirectionPrefersTheServerWithoutEndpointThenNameOrder() throws {
        let yaml = """
            topology: mesh
            servers:
              - { name: a, endpoint: 192.0.2.1 }
              - { name: b, endpoint: 192.0.2.2 }
              - { name: c }
            """
        #expect(try links(yaml) == ["b->a:10", "c->a:10", "c->b:10"])
    }

    @Test func regionsMeshPrimariesAndStarTheRest() throws {
        let yaml = """
            topology: regions
            servers:
              - { name: e1, region: eu, primary: true, endpoint: 192.0.2.1 }
              - { name: e2, region: eu, endpoint: 192.0.2.2 }
              - { name: u1, region: us, endpoint: 192.0.2.3 }
            links:
              - { from: e1, to: u1, cost: 25 }
            """
        #expect(try links(yaml) == ["e2->e1:10", "e1->u1:25"])
    }

    @Test func uplinksAndLinksOverrideDirectionAndCost() throws {
        let yaml = """
            topology: mesh
            servers:
              - { name: a, endpoint: 192.0.2.1, uplinks: [b] }
              - { name: b, endpoint: 192.0.2.2 }
              - { name: c, endpoint: 192.0.2.3 }
            links:
              - { from: a, to: b, cost: 5 }
              - { from: c, to: a, cost: 7 }
            """
        #expect(try links(yaml) == ["a->b:5", "c->a:7", "c->b:10"])
        let uplinkOnly = yaml.replacingOccurrences(of: "  - { from: a, to: b, cost: 5 }\n", with: "")
        #expect(try links(uplinkOnly) == ["a->b:10", "c->a:7", "c->b:10"])
    }

    @Test func disconnectedServersAndMissingEndpointsAreReported() throws {
        let yaml = """
            servers:
              - { name: a, endpoint: 192.0.2.1 }
              - { name: b, endpoint: 192.0.2.2 }
              - { name: c, uplinks: [d] }
              - { name: d }
            """
        let problems = LinkPlanner.derive(try loadText(yaml)).diagnostics.map {
            "\($0.location.line):\($0.location.column): \($0.message)"
        }
        #expect(
            problems.contains {
                $0.hasPrefix("3:13: server b is not linked to the rest of the LAN (topology explicit)")
            })
        #expect(
            problems.contains {
                $0.hasPrefix("4:26: server d has no 'endpoint:', but server c must dial it (from uplink)")
            })
    }

    @Test func linkIDsParseNamesWithHyphens() {
        let names: Set = ["hong-kong", "hangzhou", "a", "a-b", "b"]
        #expect(LinkID.parse("hong-kong-hangzhou", servers: names) == LinkID("hangzhou", "hong-kong"))
        #expect(LinkID.parse("hangzhou-nowhere", servers: names) == nil)
        #expect(LinkID.parse("a-b-b", servers: names) == LinkID("a-b", "b"), "only the split a-b | b names two servers")
        #expect(LinkID.parse("a-b", servers: names.union(["a-b-a"])) == LinkID("a", "b"))
    }

    @Test func theLargestGroupIsTheLANAndTheRestIsReported() throws {
        let yaml = """
            servers:
              - { name: a, endpoint: 192.0.2.1 }
              - { name: b, endpoint: 192.0.2.2, uplinks: [c] }
              - { name: c, endpoint: 192.0.2.3 }
            """
        let problems = LinkPlanner.derive(try loadText(yaml)).diagnostics.map(\.message)
        #expect(problems.count == 1)
        #expect(problems.first?.hasPrefix("server a is not linked") == true)
    }
}
