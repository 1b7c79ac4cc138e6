// PlanAudit: checks a computed `LanPlan` against what any correct plan must satisfy, using the
// brute-force `ReferencePlanner` for costs. Returns problems as sentences (empty means sound),
// so a test can print them with its seed. Checked, for every server:
//   1. its internal routes cover every prefix of the LAN exactly once, with the right owner;
//      own pools go to `.clients`, own site subnets to `.site`, at cost 0;
//   2. a prefix whose owner is reachable over live links goes over a live link to a neighbour,
//      at the reference's cheapest cost, through the smallest-named cheapest first hop; a
//      prefix whose owner is cut off is `.unreachable` with no cost;
//   3. following next hops server by server reaches the owner in fewer hops than there are
//      servers, never crossing a failed link (no loops, no black holes);
//   4. kernel routes are every LAN prefix except its own site subnets and first pool;
//   5. dialled and accepted links are marked down exactly when failed.

import LanPlan
import LanValues

/// Audits plans against the reference planner.
public enum PlanAudit {
    /// Every problem found in `plan`, with distances computed by `method`.
    public static func problems(in plan: LanPlan, method: ReferencePlanner.Method = .floydWarshall) -> [String] {
        let reference = ReferencePlanner(plan: plan)
        let distances = reference.distances(method)
        var owners: [IPv4Prefix: (owner: String, isSite: Bool)] = [:]
        for server in plan.servers {
            for pool in server.pools { owners[pool] = (server.name, false) }
            for subnet in server.siteSubnets { owners[subnet] = (server.name, true) }
        }
        var tables: [String: [IPv4Prefix: InternalRoute]] = [:]
        var problems: [String] = []
        for server in plan.servers {
            tables[server.name] = Dictionary(server.internalRoutes.map { ($0.prefix, $0) }) { first, _ in first }
            if server.internalRoutes.count != owners.count
                || Set(server.internalRoutes.map(\.prefix)).count
                    != owners.count
            {
                problems.append(
                    "\(server.name): \(server.internalRoutes.count) internal routes for \(owners.count) LAN prefixes")
            }
        }
        let context = Context(
            plan: plan, reference: reference, distances: distances, owners: owners, tables: tables)
        for server in plan.servers {
            problems += context.routeProblems(of: server)
            problems += kernelProblems(of: server, owners: owners)
            problems += linkStateProblems(of: server, failed: Set(plan.failed))
        }
        return problems
    }

    static func kernelProblems(
        of server: ServerPlan, owners: [IPv4Prefix: (owner: String, isSite: Bool)]
    ) -> [String] {
        let expected = Set(owners.keys).subtracting(server.siteSubnets).subtracting(server.pools.prefix(1))
        let actual = server.kernelRoutes.map(\.prefix)
        guard Set(actual) != expected || actual.count != expected.count else { return [] }
        return ["\(server.name): kernel routes \(actual.sorted()) differ from expected \(expected.sorted())"]
    }

    static func linkStateProblems(of server: ServerPlan, failed: Set<LinkID>) -> [String] {
        let dials = server.dials.map { (LinkID(server.name, $0.peer), $0.up) }
        let accepts = server.accepts.map { (LinkID(server.name, $0.peer), $0.up) }
        return (dials + accepts).compactMap { id, up in
            up == !failed.contains(id) ? nil : "\(server.name): link \(id) is marked up=\(up)"
        }
    }

    /// What every per-route check needs.
    struct Context {
        let plan: LanPlan
        let reference: ReferencePlanner
        let distances: [[Int?]]
        let owners: [IPv4Prefix: (owner: String, isSite: Bool)]
        let tables: [String: [IPv4Prefix: InternalRoute]]

        func routeProblems(of server: ServerPlan) -> [String] {
            var problems: [String] = []
            for (prefix, truth) in owners.sorted(by: { $0.key < $1.key }) {
                let here = "\(server.name) → \(prefix) (owner \(truth.owner))"
                guard let route = tables[server.name]?[prefix] else {
                    problems.append("\(here): no internal route")
                    continue
                }
                if route.owner != truth.owner { problems.append("\(here): route names owner \(route.owner)") }
                if let problem = check(route, from: server.name, owner: truth.owner, isSite: truth.isSite) {
                    problems.append("\(here): \(problem)")
                }
            }
            return problems
        }

        /// The problem with one route, or nil.
        func check(_ route: InternalRoute, from server: String, owner: String, isSite: Bool) -> String? {
            guard let source = reference.rank(of: server), let target = reference.rank(of: owner) else {
                return "unknown server"
            }
            if source == target {
                let want: Via = isSite ? .site : .clients
                return route.via == want && route.cost == 0
                    ? nil : "own prefix routed \(route.via) at \(route.cost ?? -1)"
            }
            guard let cost = distances[source][target] else {
                return route.via == .unreachable && route.cost == nil
                    ? nil : "owner is cut off but route is \(route.via) at \(route.cost ?? -1)"
            }
            guard case .link(let hop) = route.via else {
                return "owner reachable at cost \(cost) but route is \(route.via)"
            }
            if route.cost != cost { return "cost \(route.cost ?? -1), reference says \(cost)" }
            let hops = reference.cheapestFirstHops(from: source, to: target, distances: distances)
            if hops.first != hop { return "next hop \(hop), cheapest first hops are \(hops)" }
            return walk(route.prefix, from: server, to: owner)
        }

        /// Follows next hops from `server`; nil when the owner is reached cleanly.
        func walk(_ prefix: IPv4Prefix, from server: String, to owner: String) -> String? {
            var path = [server]
            var current = server
            while current != owner {
                guard path.count <= plan.servers.count else { return "loop: \(path.joined(separator: " → "))" }
                guard let route = tables[current]?[prefix], case .link(let next) = route.via else {
                    let via = tables[current]?[prefix].map { "\($0.via)" } ?? "nothing"
                    return "dead end at \(current) (\(via)) after \(path.joined(separator: " → "))"
                }
                guard let a = reference.rank(of: current), let b = reference.rank(of: next),
                    reference.link[a][b] != nil
                else { return "hop \(current) → \(next) is not a live link" }
                path.append(next)
                current = next
            }
            let last = tables[owner]?[prefix]?.via
            return last == .clients || last == .site
                ? nil : "owner routes its own prefix to \(String(describing: last))"
        }
    }
}
