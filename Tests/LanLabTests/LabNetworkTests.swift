// Tests of the commands that build a lab: every one works inside a lab namespace, none in the
// root namespace, and the underlay is one L2 segment for all three TEST-NET blocks.

import LanLab
import Testing

@Suite struct LabNetworkTests {
    @Test func everyCommandStaysInsideLabNamespaces() throws {
        let lab = try layout(officeYAML)
        let namespaces = Set(lab.namespaces)
        for command in LabNetwork.commands(lab) {
            #expect(command.first == "ip")
            switch (command[1], command[2]) {
            case ("netns", "add"), ("netns", "exec"), ("-n", _):
                #expect(namespaces.contains(command[3 - (command[1] == "-n" ? 1 : 0)]), "\(command)")
            default:
                Issue.record("a command outside the lab's namespaces: \(command)")
            }
            if let peer = command.firstIndex(of: "peer") {
                #expect(command[peer + 3] == "netns" && namespaces.contains(command[peer + 4]), "\(command)")
            }
        }
    }

    @Test func serversAndClientsReachAllTestNetBlocksOnLink() throws {
        let lab = try layout(officeYAML)
        let commands = LabNetwork.commands(lab)
        let hq = try #require(lab.node(named: "hq"))
        let routes = commands.filter { $0.starts(with: ["ip", "-n", hq.namespace, "route", "add"]) }.map { $0[5] }
        #expect(Set(routes) == ["192.0.2.0/24", "198.51.100.0/24"])
        #expect(commands.contains(["ip", "-n", hq.namespace, "addr", "add", "203.0.113.30/24", "dev", "eth0"]))
        #expect(commands.contains(["ip", "netns", "exec", hq.namespace, "sysctl", "-qw", "net.ipv4.ip_forward=1"]))
    }

    @Test func siteHostsHangOffTheirServer() throws {
        let lab = try layout(officeYAML)
        let commands = LabNetwork.commands(lab)
        let hq = try #require(lab.node(named: "hq"))
        let site = try #require(lab.node(named: "hq-site1"))
        #expect(commands.contains(["ip", "-n", hq.namespace, "addr", "add", "192.168.10.1/24", "dev", "site1"]))
        #expect(commands.contains(["ip", "-n", site.namespace, "route", "add", "default", "via", "192.168.10.1"]))
        let created = commands.firstIndex(of: ["ip", "netns", "add", site.namespace]) ?? Int.max
        let serverCreated = commands.firstIndex(of: ["ip", "netns", "add", hq.namespace]) ?? -1
        #expect(serverCreated < created)
    }
}
