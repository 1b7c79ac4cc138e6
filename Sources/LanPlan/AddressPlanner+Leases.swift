// Client leases: fixed addresses from the inventory first, then addresses remembered in the
// book (kept while still inside the home server's pools and not taken by a fixed address),
// then new leases — the lowest free host of the home server's pools. Ad-hoc clients (added by
// `lanstitch client add`, not in the inventory) keep their leases the same way.

import LanInventory
import LanValues

extension AddressPlanner {
    /// A client to place: its name, home server, fixed address, and where it was written.
    struct Member {
        var name: String
        var server: String
        var fixed: Located<IPv4Address>?
        var adhoc: Bool
    }

    /// The lowest free host addresses of one server's pools, handed out in order.
    struct HostCursor {
        let pools: [IPv4Prefix]
        var poolIndex = 0
        var next: UInt64

        init(pools: [IPv4Prefix]) {
            self.pools = pools
            next = pools.first.map { UInt64($0.firstHost.value) } ?? 0
        }

        /// The next host not in `used`, or nil when the pools are full.
        mutating func take(skipping used: Set<IPv4Address>) -> IPv4Address? {
            while poolIndex < pools.count {
                let pool = pools[poolIndex]
                let lastHost = UInt64(pool.last.value) - (pool.length >= 31 ? 0 : 1)
                while next <= lastHost {
                    let address = IPv4Address(UInt32(next))
                    next += 1
                    if !used.contains(address) { return address }
                }
                poolIndex += 1
                if poolIndex < pools.count { next = UInt64(pools[poolIndex].firstHost.value) }
            }
            return nil
        }
    }

    static func lease(
        _ inventory: Inventory, servers: [String: AddressPlan.ServerAddresses], book: AddressBook,
        newAdhoc: [String: String], into newBook: inout AddressBook, diagnostics: inout [Diagnostic]
    ) -> [String: AddressPlan.ClientAddress] {
        var members = inventory.clients.map {
            Member(name: $0.name.value, server: $0.server.value, fixed: $0.address, adhoc: false)
        }
        let listed = Set(members.map(\.name))
        let serverNames = Set(inventory.servers.map(\.name.value))
        for (name, lease) in book.leases.sorted(by: { $0.key < $1.key }) where lease.adhoc && !listed.contains(name) {
            if serverNames.contains(lease.server), newAdhoc[name] == nil {
                members.append(Member(name: name, server: lease.server, fixed: nil, adhoc: true))
            }
        }
        for (name, server) in newAdhoc.sorted(by: { $0.key < $1.key }) where !listed.contains(name) {
            members.append(Member(name: name, server: server, fixed: nil, adhoc: true))
        }
        var used = Set(servers.values.map(\.tunnelAddress))
        var result: [String: AddressPlan.ClientAddress] = [:]
        // 1: fixed addresses (the validator has checked they are inside the pools and unique).
        for member in members {
            guard let fixed = member.fixed, servers[member.server] != nil else { continue }
            used.insert(fixed.value)
            result[member.name] = .init(server: member.server, address: fixed.value, fixed: true, adhoc: false)
        }
        // 2: remembered leases still valid.
        for member in members where member.fixed == nil {
            guard let lease = book.leases[member.name], lease.server == member.server,
                let home = servers[member.server], home.pools.contains(where: { $0.contains(lease.address) }),
                isHost(lease.address, in: home.pools)
            else { continue }
            if used.contains(lease.address) {
                if let holder = result.first(where: { $0.value.address == lease.address && $0.value.fixed }),
                    let fixed = inventory.clients.first(where: { $0.name.value == holder.key })?.address
                {
                    diagnostics.append(
                        Diagnostic(
                            fixed.location,
                            "address \(lease.address) is leased to client \(member.name) in the state folder; pick another address for \(holder.key), or revoke \(member.name)"
                        ))
                }
                continue
            }
            used.insert(lease.address)
            result[member.name] = .init(
                server: member.server, address: lease.address, fixed: false, adhoc: member.adhoc)
        }
        // 3: new leases, and the capacity check.
        var cursors: [String: HostCursor] = [:]
        var short: [String: Int] = [:]
        for member in members where result[member.name] == nil {
            guard let home = servers[member.server] else { continue }
            var cursor = cursors[member.server] ?? HostCursor(pools: home.pools)
            if let address = cursor.take(skipping: used) {
                used.insert(address)
                result[member.name] = .init(server: member.server, address: address, fixed: false, adhoc: member.adhoc)
            } else {
                short[member.server, default: 0] += 1
            }
            cursors[member.server] = cursor
        }
        for server in inventory.servers {
            guard let missing = short[server.name.value], let home = servers[server.name.value] else { continue }
            let capacity = home.pools.reduce(UInt64(0)) { $0 + $1.hostCount } - 1
            let wanted = members.filter { $0.server == server.name.value }.count
            let location = server.pools?.first?.location ?? server.name.location
            diagnostics.append(
                Diagnostic(
                    location,
                    "pools of server \(server.name.value) have room for \(capacity) client address\(capacity == 1 ? "" : "es") but \(wanted) clients need one (\(missing) left without); add a pool or use a larger one"
                ))
        }
        for (name, address) in result {
            newBook.leases[name] = AddressBook.Lease(
                server: address.server, address: address.address, adhoc: address.adhoc)
        }
        return result
    }

    /// True when `address` is a usable host (not a network or broadcast address) of its pool.
    static func isHost(_ address: IPv4Address, in pools: [IPv4Prefix]) -> Bool {
        guard let pool = pools.first(where: { $0.contains(address) }) else { return false }
        return pool.length >= 31 || (address != pool.network && address != pool.last)
    }
}
