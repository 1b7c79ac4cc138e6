// LabLayoutBuilder: the steps of LabLayout.make — servers (endpoint addresses), clients (free
// TEST-NET addresses), site hosts (behind their server) — collecting every problem on the way.

import LanInventory
import LanPlan
import LanValues

struct LabLayoutBuilder {
    let prefix: String
    let inventory: Inventory
    private(set) var nodes: [LabNode] = []
    private(set) var problems: [Diagnostic] = []
    private var allocator: Underlay.Allocator
    /// Node names taken so far, with where they come from, so a clash is reported once.
    private var names: [String: SourceLocation] = ["net": SourceLocation(file: "", line: 0, column: 0)]

    init(prefix: String, inventory: Inventory) {
        self.prefix = prefix
        self.inventory = inventory
        let endpoints = inventory.servers.compactMap { $0.endpoint.flatMap { IPv4Address($0.value.host) } }
        allocator = Underlay.Allocator(taken: Set(endpoints))
    }

    mutating func addServers(_ plan: LanPlan) {
        for server in inventory.servers {
            guard let serverPlan = plan.server(named: server.name.value), claim(server.name) else { continue }
            guard let address = underlay(of: server) else { continue }
            let block = Underlay.block(of: address)!
            add(
                LabNode(
                    name: server.name.value, role: .server, namespace: namespace(server.name.value),
                    underlay: HostAddress(address, prefixLength: block.length), lanAddress: serverPlan.tunnelAddress,
                    peerInterface: "p\(nodes.count)"))
        }
    }

    mutating func addClients(_ plan: LanPlan) {
        let leases = Dictionary(
            plan.servers.flatMap(\.clients).map { ($0.name, $0.address) }, uniquingKeysWith: { first, _ in first })
        let lanstitch = Set(inventory.lab?.lanstitchClients.map(\.value) ?? [])
        let openvpn3 = Set(inventory.lab?.openvpn3Clients.map(\.value) ?? [])
        for client in inventory.clients {
            guard let lease = leases[client.name.value], claim(client.name) else { continue }
            guard let address = allocator.take() else {
                problems.append(Diagnostic(client.location, "the lab has no TEST-NET address left for this client"))
                continue
            }
            add(
                LabNode(
                    name: client.name.value, role: .client, namespace: namespace(client.name.value),
                    underlay: HostAddress(address, prefixLength: 24), lanAddress: lease,
                    program: lanstitch.contains(client.name.value)
                        ? .lanstitch : openvpn3.contains(client.name.value) ? .openvpn3 : .openvpn,
                    server: client.server.value, peerInterface: "p\(nodes.count)"))
        }
    }

    mutating func addSites(_ plan: LanPlan) {
        for server in inventory.servers {
            for (index, subnet) in server.siteSubnets.enumerated() {
                let name = Located("\(server.name.value)-site\(index + 1)", at: subnet.location)
                guard claim(name) else { continue }
                let prefix = subnet.value
                guard prefix.length <= 30 else {
                    problems.append(
                        Diagnostic(
                            subnet.location,
                            "site subnet \(prefix) is too small for the lab's gateway and host; use /30 or larger"))
                    continue
                }
                let hostOffset: UInt32 = prefix.hostCount > 10 ? 10 : 2
                let host = IPv4Address(prefix.network.value + hostOffset)
                add(
                    LabNode(
                        name: name.value, role: .site, namespace: namespace(name.value),
                        underlay: HostAddress(host, prefixLength: prefix.length), lanAddress: host,
                        server: server.name.value, peerInterface: "site\(index + 1)",
                        gateway: HostAddress(prefix.firstHost, prefixLength: prefix.length)))
            }
        }
    }

    private func namespace(_ node: String) -> String { "\(prefix)-\(node)" }

    private mutating func add(_ node: LabNode) { nodes.append(node) }

    /// Takes `name` for a node; a clash with the internet namespace or another node is a problem.
    private mutating func claim(_ name: Located<String>) -> Bool {
        if let earlier = names[name.value] {
            let other =
                earlier.line == 0
                ? "the lab's internet namespace \(prefix)-net"
                : "the lab node at \(earlier.line):\(earlier.column)"
            problems.append(
                Diagnostic(
                    name.location,
                    "the lab cannot name a namespace '\(name.value)': it is taken by \(other); rename one"))
            return false
        }
        names[name.value] = name.location
        return true
    }

    /// The server's underlay address: its endpoint, which must be an IPv4 literal in TEST-NET
    /// and dialled on the port it listens on; a free TEST-NET address when it has none.
    private mutating func underlay(of server: Server) -> IPv4Address? {
        guard let endpoint = server.endpoint else {
            guard let address = allocator.take() else {
                problems.append(Diagnostic(server.location, "the lab has no TEST-NET address left for this server"))
                return nil
            }
            return address
        }
        let blocks = Underlay.blocks.map(\.description).joined(separator: ", ")
        guard let address = IPv4Address(endpoint.value.host), Underlay.block(of: address) != nil else {
            problems.append(
                Diagnostic(
                    endpoint.location,
                    "the lab stands in for the internet with TEST-NET addresses only (\(blocks)): endpoint '\(endpoint.value.host)' of server \(server.name.value) is not one; use a copy of the inventory with a TEST-NET endpoint for the lab"
                ))
            return nil
        }
        let ports = Set(
            inventory.protocols(of: server).map {
                $0 == .udp ? inventory.port(of: server) : inventory.tcpPort(of: server)
            })
        if let port = endpoint.value.port, ports != [port] {
            problems.append(
                Diagnostic(
                    endpoint.location,
                    "endpoint port \(port) of server \(server.name.value) is not the port it listens on (\(ports.sorted().map(String.init).joined(separator: ", "))); the lab forwards no ports, so drop ':\(port)' or listen on it"
                ))
            return nil
        }
        return address
    }
}
