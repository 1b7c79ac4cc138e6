// LabLayout: the lab of one inventory as plain values — a namespace per server, client and
// site host, named `ls<6 hex of the inventory's real path>-<node>`, plus the internet namespace
// `…-net` holding the bridge. Pure: the same inventory, plan and path give the same layout.
// Underlay addresses: a server's endpoint when it is an IPv4 literal in TEST-NET (anything
// else is refused, pointing at the endpoint), free TEST-NET addresses for the rest.

import LanInventory
import LanPlan
import LanValues

/// Every namespace of a lab and its addresses.
public struct LabLayout: Codable, Equatable, Sendable {
    /// `ls` and six hex digits; every namespace of the lab starts with it and a `-`.
    public var prefix: String
    /// The namespace holding the bridge `br0` that joins servers and clients.
    public var internet: String
    /// Servers and clients in inventory order, then the site hosts of each server.
    public var nodes: [LabNode]

    /// The node with this inventory name (or `<server>-site<N>`).
    public func node(named name: String) -> LabNode? { nodes.first { $0.name == name } }

    /// Every namespace of the lab, the internet one first.
    public var namespaces: [String] { [internet] + nodes.map(\.namespace) }

    /// The namespace prefix of the lab of the inventory at `realPath` (an absolute path with
    /// links resolved, so every way of naming the file finds the same lab).
    public static func prefix(forInventoryAt realPath: String) -> String {
        var hash: UInt32 = 0x811c_9dc5  // FNV-1a
        for byte in realPath.utf8 {
            hash = (hash ^ UInt32(byte)) &* 0x0100_0193
        }
        let hex = String(hash & 0xFF_FFFF, radix: 16)
        return "ls" + String(repeating: "0", count: 6 - hex.count) + hex
    }

    /// The lab of `inventory` as planned by `plan`. Throws `Diagnostics` for what the lab
    /// cannot stand up (an endpoint that is a name or outside TEST-NET, name clashes).
    public static func make(inventory: Inventory, plan: LanPlan, realPath: String) throws -> LabLayout {
        let prefix = prefix(forInventoryAt: realPath)
        var builder = LabLayoutBuilder(prefix: prefix, inventory: inventory)
        builder.addServers(plan)
        builder.addClients(plan)
        builder.addSites(plan)
        guard builder.problems.isEmpty else { throw Diagnostics(builder.problems) }
        return LabLayout(prefix: prefix, internet: "\(prefix)-net", nodes: builder.nodes)
    }
}
