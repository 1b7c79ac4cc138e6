// Tests of the lab's layout: namespace names, underlay addresses, site hosts, and the
// refusals for what the lab cannot stand up.

import LanInventory
import LanLab
import LanPlan
import LanValues
import Testing

/// The layout of `yaml`, planned from scratch, for an inventory at `path`.
func layout(_ yaml: String, path: String = "/srv/lan/office.yaml") throws -> LabLayout {
    let loaded = InventoryLoader.load(text: yaml, file: "inv.yaml")
    #expect(loaded.diagnostics.isEmpty)
    let inventory = try #require(loaded.inventory)
    let plan = try #require(Planner.plan(inventory, book: AddressBook()).plan)
    return try LabLayout.make(inventory: inventory, plan: plan, realPath: path)
}

let officeYAML = """
    network: 10.0.0.0/8
    defaults: { pool_prefix: 20 }
    topology: hub
    hub: hq
    servers:
      - { name: hq, endpoint: 203.0.113.30, site_subnets: [192.168.10.0/24] }
      - { name: branch, endpoint: 198.51.100.30, site_subnets: [192.168.20.0/24, 192.168.21.0/30] }
      - { name: home, uplinks: [hq] }
    clients:
      - { name: carol, server: hq }
      - { name: erin, server: branch }
    lab: { lanstitch_clients: [erin] }
    """

@Suite struct LabLayoutTests {
    @Test func prefixIsStablePerPathAndDiffersBetweenPaths() {
        let prefix = LabLayout.prefix(forInventoryAt: "/srv/lan/office.yaml")
        #expect(prefix == LabLayout.prefix(forInventoryAt: "/srv/lan/office.yaml"))
        #expect(prefix != LabLayout.prefix(forInventoryAt: "/tmp/x/office.yaml"))
        #expect(prefix.count == 8 && prefix.hasPrefix("ls"))
        #expect(prefix.dropFirst(2).allSatisfy { $0.isHexDigit })
    }

    @Test func namesAndRoles() throws {
        let lab = try layout(officeYAML)
        let prefix = LabLayout.prefix(forInventoryAt: "/srv/lan/office.yaml")
        #expect(lab.prefix == prefix)
        #expect(lab.internet == "\(prefix)-net")
        #expect(
            lab.nodes.map(\.name) == [
                "hq", "branch", "home", "carol", "erin", "hq-site1", "branch-site1", "branch-site2",
            ])
        #expect(lab.nodes.map(\.role) == [.server, .server, .server, .client, .client, .site, .site, .site])
        #expect(lab.nodes.allSatisfy { $0.namespace == "\(prefix)-\($0.name)" })
        #expect(lab.namespaces.count == 9 && lab.namespaces.first == lab.internet)
        #expect(lab.node(named: "carol")?.program == .openvpn)
        #expect(lab.node(named: "erin")?.program == .lanstitch)
        #expect(lab.nodes.allSatisfy { $0.peerInterface.count <= 15 })
    }

    @Test func openVPN3ClientsRunOvpncli() throws {
        let yaml = officeYAML.replacingOccurrences(
            of: "lab: { lanstitch_clients: [erin] }",
            with: "lab: { lanstitch_clients: [erin], openvpn3_clients: [carol] }")
        let lab = try layout(yaml)
        #expect(lab.node(named: "carol")?.program == .openvpn3)
        #expect(lab.node(named: "erin")?.program == .lanstitch)
    }

    @Test func underlayAddresses() throws {
        let lab = try layout(officeYAML)
        func underlay(_ name: String) -> String? { lab.node(named: name)?.underlay.description }
        #expect(underlay("hq") == "203.0.113.30/24")
        #expect(underlay("branch") == "198.51.100.30/24")
        #expect(underlay("home") == "192.0.2.101/24")
        #expect(underlay("carol") == "192.0.2.102/24")
        #expect(underlay("erin") == "192.0.2.103/24")
        let onInternet = lab.nodes.filter { $0.role != .site }
        #expect(Set(onInternet.map(\.underlay.address)).count == onInternet.count)
        #expect(onInternet.allSatisfy { Underlay.block(of: $0.underlay.address) != nil })
    }

    @Test func lanAddressesComeFromThePlan() throws {
        let lab = try layout(officeYAML)
        #expect(lab.node(named: "hq")?.lanAddress.description == "10.128.0.1")
        #expect(lab.node(named: "carol")?.lanAddress.description == "10.128.0.2")
        #expect(lab.node(named: "erin")?.server == "branch")
    }

    @Test func siteHostsSitBehindTheirServer() throws {
        let lab = try layout(officeYAML)
        let site = try #require(lab.node(named: "branch-site1"))
        #expect(site.server == "branch")
        #expect(site.underlay.description == "192.168.20.10/24")
        #expect(site.lanAddress.description == "192.168.20.10")
        #expect(site.gateway?.description == "192.168.20.1/24")
        #expect(site.peerInterface == "site1")
        let small = try #require(lab.node(named: "branch-site2"))
        #expect(small.underlay.description == "192.168.21.2/30")
        #expect(small.peerInterface == "site2")
    }

    @Test func endpointsOutsideTestNetAreRefusedWithTheirPlace() throws {
        let named = officeYAML.replacingOccurrences(of: "203.0.113.30", with: "hq.example.net")
        #expect(throws: Diagnostics.self) { try layout(named) }
        do {
            _ = try layout(officeYAML.replacingOccurrences(of: "203.0.113.30", with: "8.8.8.8"))
            Issue.record("a public endpoint was accepted")
        } catch let problems as Diagnostics {
            #expect(problems.items.count == 1)
            #expect(problems.items[0].location.line == 6)
            #expect(problems.items[0].message.contains("endpoint '8.8.8.8' of server hq is not one"))
        }
    }

    @Test func anEndpointPortTheServerDoesNotListenOnIsRefused() throws {
        let yaml = officeYAML.replacingOccurrences(of: "203.0.113.30", with: "203.0.113.30:443")
        #expect(throws: Diagnostics.self) { try layout(yaml) }
        let listening = yaml.replacingOccurrences(of: "site_subnets: [192.168.10.0/24] }", with: "port: 443 }")
        #expect(try layout(listening).node(named: "hq")?.underlay.description == "203.0.113.30/24")
    }

    @Test func nodeNamesThatClashAreRefused() throws {
        let net = officeYAML.replacingOccurrences(of: "name: carol", with: "name: net")
        #expect(throws: Diagnostics.self) { try layout(net) }
        let site = officeYAML.replacingOccurrences(of: "name: carol", with: "name: hq-site1")
        #expect(throws: Diagnostics.self) { try layout(site) }
    }
}
