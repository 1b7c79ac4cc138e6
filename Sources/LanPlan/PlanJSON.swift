// PlanJSON: the stable JSON form of a plan (schema `lanstitch.plan/v1`, docs/plan-json.md).
// Field names are snake_case; keys are sorted so output is byte-for-byte deterministic.
// Adding fields is compatible; renaming or removing one needs a new schema version.

import Foundation
import LanValues

/// Renders plans as JSON.
public enum PlanJSON {
    public static let schema = "lanstitch.plan/v1"

    public struct Document: Codable, Equatable, Sendable {
        public var schema: String
        public var network: String
        public var topology: String
        public var failed_links: [String]
        public var links: [LinkDTO]
        public var servers: [ServerDTO]
    }

    public struct LinkDTO: Codable, Equatable, Sendable {
        public var id, dialer, listener, origin: String
        public var cost: Int
        public var up: Bool
    }

    public struct ServerDTO: Codable, Equatable, Sendable {
        public var name: String
        public var region: String?
        public var endpoint: String?
        public var tunnel_address, device: String
        public var pools, site_subnets, pushed_routes: [String]
        public var dials: [DialDTO]
        public var accepts: [AcceptDTO]
        public var clients: [ClientDTO]
        public var internal_routes: [RouteDTO]
        public var kernel_routes: [KernelDTO]
        /// Added in v1 without a version change (adding fields is compatible); absent in older files.
        public var broadcast_peers: [String]?
    }

    public struct DialDTO: Codable, Equatable, Sendable {
        public var peer, host: String
        public var port, tcp_port, cost: Int
        public var protocols: [String]
        public var up: Bool
    }

    public struct AcceptDTO: Codable, Equatable, Sendable {
        public var peer: String
        public var cost: Int
        public var up: Bool
    }

    public struct ClientDTO: Codable, Equatable, Sendable { public var name, address: String }

    public struct RouteDTO: Codable, Equatable, Sendable {
        public var prefix, owner, via: String
        public var peer: String?
        public var cost: Int?
    }

    public struct KernelDTO: Codable, Equatable, Sendable { public var prefix, device: String }

    /// The plan as JSON text, limited to `only` servers when given.
    public static func render(_ plan: LanPlan, only: [String]? = nil) -> String {
        let servers = plan.servers.filter { only?.contains($0.name) ?? true }
        let document = Document(
            schema: schema, network: plan.network.description, topology: plan.topology.rawValue,
            failed_links: plan.failed.map(\.description),
            links: plan.links.map {
                LinkDTO(
                    id: $0.id.description, dialer: $0.dialer, listener: $0.listener, origin: $0.origin.rawValue,
                    cost: $0.cost, up: !plan.failed.contains($0.id))
            },
            servers: servers.map(server))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        // Encoding these plain structs cannot fail; a failure would be a programming error.
        let data = (try? encoder.encode(document)) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    /// One server's plan in the JSON form (also embedded in the daemon's server.yaml).
    public static func server(_ plan: ServerPlan) -> ServerDTO {
        ServerDTO(
            name: plan.name, region: plan.region, endpoint: plan.endpoint?.description,
            tunnel_address: plan.tunnelAddress.description, device: plan.device,
            pools: plan.pools.map(\.description), site_subnets: plan.siteSubnets.map(\.description),
            pushed_routes: plan.pushedRoutes.map(\.description),
            dials: plan.dials.map {
                DialDTO(
                    peer: $0.peer, host: $0.endpoint.host, port: $0.port, tcp_port: $0.tcpPort, cost: $0.cost,
                    protocols: $0.protocols.map(\.rawValue), up: $0.up)
            },
            accepts: plan.accepts.map { AcceptDTO(peer: $0.peer, cost: $0.cost, up: $0.up) },
            clients: plan.clients.map { ClientDTO(name: $0.name, address: $0.address.description) },
            internal_routes: plan.internalRoutes.map(route),
            kernel_routes: plan.kernelRoutes.map { KernelDTO(prefix: $0.prefix.description, device: $0.device) },
            broadcast_peers: plan.broadcastPeers)
    }

    static func route(_ route: InternalRoute) -> RouteDTO {
        var dto = RouteDTO(
            prefix: route.prefix.description, owner: route.owner, via: route.via.kind, peer: nil, cost: route.cost)
        if case .link(let peer) = route.via { dto.peer = peer }
        return dto
    }
}
