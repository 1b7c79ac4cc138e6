// PlanJSON+Decode: the plan JSON's server object read back into a typed ServerPlan, the inverse
// of `PlanJSON.server(_:)`. The daemon reads its plan this way once, when its bundle is loaded:
// a bad entry is an error that names the entry (`plan.pools[1]: …`), never a dropped route.

import LanInventory
import LanValues

extension PlanJSON {
    /// Why a server object could not be read; `entry` is the path of the bad value.
    public struct DecodeError: Error, Equatable, Sendable, CustomStringConvertible {
        public let entry: String
        public let message: String
        public var description: String { "\(entry): \(message)" }
    }

    /// The typed plan of `dto`, or the first bad entry (`entry` paths start with `at`).
    public static func decode(_ dto: ServerDTO, at root: String = "plan") throws(DecodeError) -> ServerPlan {
        func prefix(_ text: String, _ entry: String) throws(DecodeError) -> IPv4Prefix {
            switch IPv4Prefix.parse(text) {
            case .success(let prefix): return prefix
            case .failure(let error): throw DecodeError(entry: "\(root).\(entry)", message: error.message)
            }
        }
        func prefixes(_ texts: [String], _ key: String) throws(DecodeError) -> [IPv4Prefix] {
            var result: [IPv4Prefix] = []
            for (index, text) in texts.enumerated() { result.append(try prefix(text, "\(key)[\(index)]")) }
            return result
        }
        func address(_ text: String, _ entry: String) throws(DecodeError) -> IPv4Address {
            guard let address = IPv4Address(text) else {
                throw DecodeError(entry: "\(root).\(entry)", message: "'\(text)' is not an IPv4 address")
            }
            return address
        }
        var dials: [DialTarget] = []
        for (index, dial) in dto.dials.enumerated() {
            var protocols: [TransportProtocol] = []
            for (position, name) in dial.protocols.enumerated() {
                guard let transport = TransportProtocol(rawValue: name) else {
                    throw DecodeError(
                        entry: "\(root).dials[\(index)].protocols[\(position)]",
                        message: "'\(name)' is not a transport (udp or tcp)")
                }
                protocols.append(transport)
            }
            dials.append(
                DialTarget(
                    peer: dial.peer, endpoint: Endpoint(host: dial.host, port: nil), port: dial.port,
                    tcpPort: dial.tcp_port, protocols: protocols, cost: dial.cost, up: dial.up))
        }
        var clients: [ClientLease] = []
        for (index, client) in dto.clients.enumerated() {
            clients.append(
                ClientLease(name: client.name, address: try address(client.address, "clients[\(index)].address")))
        }
        var internalRoutes: [InternalRoute] = []
        for (index, route) in dto.internal_routes.enumerated() {
            let via: Via
            switch (route.via, route.peer) {
            case ("clients", _): via = .clients
            case ("site", _): via = .site
            case ("link", let peer?): via = .link(peer)
            case ("unreachable", _): via = .unreachable
            default:
                throw DecodeError(
                    entry: "\(root).internal_routes[\(index)].via",
                    message: "'\(route.via)' is not clients, site, link (with a peer) or unreachable")
            }
            internalRoutes.append(
                InternalRoute(
                    prefix: try prefix(route.prefix, "internal_routes[\(index)].prefix"), owner: route.owner, via: via,
                    cost: route.cost))
        }
        var kernelRoutes: [KernelRoute] = []
        for (index, route) in dto.kernel_routes.enumerated() {
            kernelRoutes.append(
                KernelRoute(prefix: try prefix(route.prefix, "kernel_routes[\(index)].prefix"), device: route.device))
        }
        return ServerPlan(
            name: dto.name, region: dto.region, endpoint: dto.endpoint.map(endpoint),
            tunnelAddress: try address(dto.tunnel_address, "tunnel_address"),
            pools: try prefixes(dto.pools, "pools"), siteSubnets: try prefixes(dto.site_subnets, "site_subnets"),
            device: dto.device, dials: dials,
            accepts: dto.accepts.map { AcceptedLink(peer: $0.peer, cost: $0.cost, up: $0.up) }, clients: clients,
            internalRoutes: internalRoutes, kernelRoutes: kernelRoutes,
            pushedRoutes: try prefixes(dto.pushed_routes, "pushed_routes"), broadcastPeers: dto.broadcast_peers ?? [])
    }

    /// `host` or `host:port`, as `Endpoint.description` writes it.
    static func endpoint(_ text: String) -> Endpoint {
        if let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]) {
            return Endpoint(host: String(text[..<colon]), port: port)
        }
        return Endpoint(host: text, port: nil)
    }
}
