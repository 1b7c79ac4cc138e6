// InventoryValidator: relations between inventory values — names, references, regions.
//
// Address checks (overlaps, pools inside the network, client addresses) are in
// InventoryValidator+Addresses.swift. Capacity and links need the address plan and are checked
// by LanPlan. Every check appends diagnostics and goes on; none stops at the first problem.

import LanValues

/// Checks an inventory's values against each other.
public enum InventoryValidator {
    /// Every problem found in `inventory`, unsorted.
    public static func validate(_ inventory: Inventory) -> [Diagnostic] {
        var problems: [Diagnostic] = []
        checkNames(inventory, into: &problems)
        checkReferences(inventory, into: &problems)
        checkTopology(inventory, into: &problems)
        checkNetwork(inventory, into: &problems)
        checkPrefixes(inventory, into: &problems)
        checkClientAddresses(inventory, into: &problems)
        checkLab(inventory, into: &problems)
        return problems
    }

    static func checkNames(_ inventory: Inventory, into problems: inout [Diagnostic]) {
        var seen: [String: (kind: String, location: SourceLocation)] = [:]
        for server in inventory.servers {
            let name = server.name
            if let problem = PathName.problem(with: name.value, .server) {
                problems.append(
                    Diagnostic(name.location, NameError(name: name.value, kind: .server, problem: problem).description))
            }
            if let earlier = seen[name.value] {
                problems.append(
                    Diagnostic(
                        name.location,
                        "duplicate name '\(name.value)': already used by the \(earlier.kind) at \(earlier.location.line):\(earlier.location.column)"
                    ))
            } else {
                seen[name.value] = ("server", name.location)
            }
        }
        for client in inventory.clients {
            let name = client.name
            if let problem = PathName.problem(with: name.value, .client) {
                problems.append(
                    Diagnostic(name.location, NameError(name: name.value, kind: .client, problem: problem).description))
            }
            if let earlier = seen[name.value] {
                problems.append(
                    Diagnostic(
                        name.location,
                        "duplicate name '\(name.value)': already used by the \(earlier.kind) at \(earlier.location.line):\(earlier.location.column); every server and client needs its own name"
                    ))
            } else {
                seen[name.value] = ("client", name.location)
            }
        }
    }

    /// Reports a server name that names no server, with the closest one as a suggestion.
    static func checkServerReference(
        _ ref: Located<String>, role: String, inventory: Inventory,
        into problems: inout [Diagnostic]
    ) -> Bool {
        if inventory.server(named: ref.value) != nil { return true }
        let names = inventory.servers.map(\.name.value)
        let hint = Suggest.closest(to: ref.value, among: names).map { "; did you mean '\($0)'?" } ?? ""
        problems.append(Diagnostic(ref.location, "\(role) '\(ref.value)' is not a server of this inventory\(hint)"))
        return false
    }

    static func checkReferences(_ inventory: Inventory, into problems: inout [Diagnostic]) {
        for server in inventory.servers {
            var seenUplinks: Set<String> = []
            for uplink in server.uplinks {
                guard
                    checkServerReference(
                        uplink, role: "uplink of server \(server.name.value)", inventory: inventory, into: &problems)
                else { continue }
                if uplink.value == server.name.value {
                    problems.append(
                        Diagnostic(uplink.location, "server \(server.name.value) lists itself as an uplink; remove it"))
                }
                if !seenUplinks.insert(uplink.value).inserted {
                    problems.append(
                        Diagnostic(uplink.location, "server \(server.name.value) lists uplink '\(uplink.value)' twice"))
                }
            }
        }
        checkLinkDirections(inventory, into: &problems)
        var seenLinks: [Set<String>: SourceLocation] = [:]
        for link in inventory.links {
            let fromOK = checkServerReference(link.from, role: "link 'from'", inventory: inventory, into: &problems)
            let toOK = checkServerReference(link.to, role: "link 'to'", inventory: inventory, into: &problems)
            guard fromOK, toOK else { continue }
            if link.from.value == link.to.value {
                problems.append(
                    Diagnostic(
                        link.location, "link from \(link.from.value) to itself; a link joins two different servers"))
                continue
            }
            let pair: Set = [link.from.value, link.to.value]
            if let earlier = seenLinks[pair] {
                problems.append(
                    Diagnostic(
                        link.location,
                        "link between \(link.from.value) and \(link.to.value) is listed twice (first at \(earlier.line):\(earlier.column)); keep one"
                    ))
            } else {
                seenLinks[pair] = link.location
            }
        }
        for client in inventory.clients {
            let home = client.server
            if checkServerReference(
                home, role: "server of client \(client.name.value)", inventory: inventory, into: &problems),
                inventory.server(named: home.value)?.endpoint == nil
            {
                problems.append(
                    Diagnostic(
                        home.location,
                        "client \(client.name.value) cannot reach its server \(home.value): the server has no 'endpoint:'; give it one or move the client"
                    ))
            }
            var seen: Set<String> = []
            for fallback in client.fallback {
                guard
                    checkServerReference(
                        fallback, role: "fallback of client \(client.name.value)", inventory: inventory, into: &problems
                    )
                else { continue }
                if inventory.server(named: fallback.value)?.endpoint == nil {
                    problems.append(
                        Diagnostic(
                            fallback.location,
                            "fallback \(fallback.value) of client \(client.name.value) has no 'endpoint:', so the client cannot dial it"
                        ))
                } else if fallback.value == home.value {
                    problems.append(
                        Diagnostic(
                            fallback.location,
                            "client \(client.name.value) lists its home server \(home.value) as a fallback; list other servers"
                        ))
                } else if !seen.insert(fallback.value).inserted {
                    problems.append(
                        Diagnostic(
                            fallback.location, "client \(client.name.value) lists fallback '\(fallback.value)' twice"))
                }
            }
        }
    }

    static func checkTopology(_ inventory: Inventory, into problems: inout [Diagnostic]) {
        let topology = inventory.topology
        switch topology.value {
        case .hub:
            if let hub = inventory.hub {
                _ = checkServerReference(hub, role: "hub", inventory: inventory, into: &problems)
            } else {
                problems.append(
                    Diagnostic(
                        topology.location, "topology 'hub' needs 'hub: NAME' naming the server every other server dials"
                    ))
            }
        case .regions:
            checkRegions(inventory, into: &problems)
        case .explicit, .mesh:
            break
        }
        if let hub = inventory.hub, topology.value != .hub {
            problems.append(
                Diagnostic(
                    hub.location,
                    "'hub:' is only used with 'topology: hub' (topology here is \(topology.value.rawValue)); remove it or change the topology"
                ))
        }
    }

    /// `regions`: every server names a region; a region of several servers has exactly one
    /// `primary: true` (a region of one server needs none).
    static func checkRegions(_ inventory: Inventory, into problems: inout [Diagnostic]) {
        var members: [String: [Server]] = [:]
        var order: [String] = []
        for server in inventory.servers {
            guard let region = server.region else {
                problems.append(
                    Diagnostic(
                        server.name.location,
                        "server \(server.name.value) has no 'region:'; topology 'regions' needs one on every server"))
                continue
            }
            if members[region.value] == nil { order.append(region.value) }
            members[region.value, default: []].append(server)
        }
        for region in order {
            let servers = members[region] ?? []
            let primaries = servers.filter(\.primary)
            if primaries.isEmpty, servers.count > 1, let first = servers.first {
                let names = servers.map(\.name.value).joined(separator: ", ")
                problems.append(
                    Diagnostic(
                        first.location, "region \(region) has no primary; mark one of \(names) with 'primary: true'"))
            }
            if primaries.count > 1 {
                let names = primaries.map(\.name.value).joined(separator: " and ")
                for extra in primaries.dropFirst() {
                    problems.append(
                        Diagnostic(
                            extra.location, "region \(region) has two primaries (\(names)); keep 'primary: true' on one"
                        ))
                }
            }
        }
    }

    /// Two servers that list each other as uplinks, or a `links:` entry that dials the other
    /// way from an `uplinks:` entry, leave the direction to chance; both are refused.
    static func checkLinkDirections(_ inventory: Inventory, into problems: inout [Diagnostic]) {
        var dials: [String: Set<String>] = [:]
        for server in inventory.servers {
            dials[server.name.value, default: []].formUnion(server.uplinks.map(\.value))
        }
        for server in inventory.servers {
            for uplink in server.uplinks where uplink.value < server.name.value {
                if dials[uplink.value]?.contains(server.name.value) == true {
                    problems.append(
                        Diagnostic(
                            uplink.location,
                            "servers \(server.name.value) and \(uplink.value) list each other as uplinks; one link joins them, so keep the uplink on the server that should dial"
                        ))
                }
            }
        }
        for link in inventory.links where dials[link.to.value]?.contains(link.from.value) == true {
            problems.append(
                Diagnostic(
                    link.location,
                    "this link has \(link.from.value) dial \(link.to.value), but server \(link.to.value) lists \(link.from.value) as an uplink (the other way); make them agree"
                ))
        }
    }
}
