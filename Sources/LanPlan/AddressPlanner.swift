// AddressPlanner: inventory + address book → address plan + updated book.
//
// Order of precedence, which is what keeps addresses stable:
//   1. pools written in the inventory;
//   2. pools remembered in the book (kept unless they now collide with 1 — then an error, never
//      a silent move);
//   3. new pools for the remaining servers: a free aligned block of `pool_prefix`, in
//      inventory order, from the network's midpoint up and outside home-router ranges
//      (FreeBlocks.swift).
// Client leases follow the same order (fixed addresses, remembered leases, new leases); see
// AddressPlanner+Leases.swift.

import LanInventory
import LanValues

/// Allocates pools and leases. Pure: the caller loads and saves the book.
public enum AddressPlanner {
    /// The result of allocation: the plan, the book to record, and problems that make the plan
    /// unusable (an inventory with problems gets no plan).
    public struct Outcome: Sendable {
        public var plan: AddressPlan
        public var book: AddressBook
        public var diagnostics: [Diagnostic]
    }

    /// Allocates for `inventory`; `adhoc` adds clients the inventory does not list (name → home
    /// server), as `lanstitch client add` does. Their leases are marked ad hoc in the book.
    public static func allocate(_ inventory: Inventory, book: AddressBook, adhoc: [String: String] = [:]) -> Outcome {
        var diagnostics: [Diagnostic] = []
        var taken = FreeBlocks(network: inventory.network.value)
        for server in inventory.servers {
            for block in (server.pools ?? []) + server.siteSubnets { taken.insert(block.value) }
        }
        var pools: [String: [IPv4Prefix]] = [:]
        var allocated: Set<String> = []
        // 2: remembered pools of servers that write none.
        for server in inventory.servers where server.pools == nil {
            let name = server.name.value
            // Pools outside the network (after `network:` changed) cannot be kept; they are
            // allocated anew below.
            guard let remembered = book.pools[name], !remembered.isEmpty,
                remembered.allSatisfy({ inventory.network.value.contains($0) })
            else { continue }
            if let clash = remembered.first(where: { !taken.isFree($0) }) {
                let owner = inventory.servers.first { other in
                    ((other.pools ?? []) + other.siteSubnets).contains { $0.value.overlaps(clash) }
                }
                let location = owner.flatMap { o in
                    ((o.pools ?? []) + o.siteSubnets).first { $0.value.overlaps(clash) }?.location
                }
                diagnostics.append(
                    Diagnostic(
                        location ?? server.location,
                        "this block overlaps pool \(clash) that the state folder records for server \(name); choose another block, or give \(name) explicit 'pools:'"
                    ))
                continue
            }
            for block in remembered { taken.insert(block) }
            pools[name] = remembered
            allocated.insert(name)
        }
        // 3: new pools.
        let length = inventory.defaults.poolPrefix.value
        for server in inventory.servers where server.pools == nil && pools[server.name.value] == nil {
            let name = server.name.value
            guard let block = taken.allocate(length: length) else {
                diagnostics.append(
                    Diagnostic(
                        server.name.location,
                        "no free /\(length) block is left in \(inventory.network.value) for server \(name); give it explicit 'pools:' or lower defaults.pool_prefix"
                    ))
                continue
            }
            pools[name] = [block]
            allocated.insert(name)
        }
        var servers: [String: AddressPlan.ServerAddresses] = [:]
        for server in inventory.servers {
            let name = server.name.value
            let own = server.pools.map { $0.map(\.value) } ?? pools[name] ?? []
            guard let first = own.first else { continue }
            servers[name] = AddressPlan.ServerAddresses(
                pools: own, siteSubnets: server.siteSubnets.map(\.value), tunnelAddress: first.firstHost,
                allocated: allocated.contains(name))
        }
        var newBook = AddressBook(pools: servers.mapValues(\.pools))
        let clients = lease(
            inventory, servers: servers, book: book, newAdhoc: adhoc, into: &newBook, diagnostics: &diagnostics)
        return Outcome(plan: AddressPlan(servers: servers, clients: clients), book: newBook, diagnostics: diagnostics)
    }
}
