// Address checks of the inventory: the LAN's network, pools and site subnets, fixed client
// addresses. Overlaps are found by one sweep over the sorted blocks, so 1,000 servers cost
// milliseconds, not a million pair tests.

import LanValues

extension InventoryValidator {
    /// The private ranges a LAN may use: RFC 1918 and the shared address space of RFC 6598.
    static let privateRanges = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10"].compactMap {
        try? IPv4Prefix.parse($0).get()
    }

    static func checkNetwork(_ inventory: Inventory, into problems: inout [Diagnostic]) {
        let network = inventory.network
        if !privateRanges.contains(where: { $0.contains(network.value) }) {
            problems.append(
                Diagnostic(
                    network.location,
                    "network \(network.value) is not a private range; use a block inside 10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16 or 100.64.0.0/10"
                ))
        }
        let poolPrefix = inventory.defaults.poolPrefix
        if poolPrefix.value < network.value.length {
            problems.append(
                Diagnostic(
                    poolPrefix.location,
                    "pool_prefix /\(poolPrefix.value) is larger than the network \(network.value) itself; use /\(network.value.length) or longer"
                ))
        }
    }

    /// One block of the LAN's address space, with its owner for messages.
    struct Block {
        var prefix: Located<IPv4Prefix>
        var what: String
    }

    static func checkPrefixes(_ inventory: Inventory, into problems: inout [Diagnostic]) {
        let network = inventory.network.value
        var blocks: [Block] = []
        for server in inventory.servers {
            let name = server.name.value
            if let pools = server.pools, pools.isEmpty {
                problems.append(
                    Diagnostic(
                        server.name.location,
                        "server \(name) has an empty 'pools:' list; name a pool or remove the key to have one allocated"
                    ))
            }
            for pool in server.pools ?? [] {
                if !network.contains(pool.value) {
                    problems.append(
                        Diagnostic(
                            pool.location,
                            "pool \(pool.value) of server \(name) lies outside the network \(network); pick a block inside it"
                        ))
                }
                if pool.value.length > 30 {
                    problems.append(
                        Diagnostic(
                            pool.location,
                            "pool \(pool.value) of server \(name) is too small for a server and a client; use /30 or larger"
                        ))
                }
                blocks.append(Block(prefix: pool, what: "pool \(pool.value) of server \(name)"))
            }
            for subnet in server.siteSubnets {
                if subnet.value.contains(network) {
                    problems.append(
                        Diagnostic(
                            subnet.location,
                            "site subnet \(subnet.value) of server \(name) covers the whole network \(network)"))
                    continue
                }
                blocks.append(Block(prefix: subnet, what: "site subnet \(subnet.value) of server \(name)"))
            }
            let sites = server.siteSubnets.map(\.value)
            for masqueraded in server.masquerade where !sites.contains(masqueraded.value) {
                let known = sites.isEmpty ? "it has none" : "it has \(sites.map(\.description).joined(separator: ", "))"
                problems.append(
                    Diagnostic(
                        masqueraded.location,
                        "server \(name): masquerade \(masqueraded.value) is not one of its site_subnets (\(known)); list the site under site_subnets first"
                    ))
            }
        }
        for (later, earlier) in overlappingPairs(blocks) {
            problems.append(Diagnostic(later.prefix.location, "\(later.what) overlaps \(earlier.what)"))
        }
    }

    /// Pairs (later-written, earlier-written) of overlapping blocks; each block that overlaps an
    /// earlier one in address order is reported once.
    static func overlappingPairs(_ blocks: [Block]) -> [(Block, Block)] {
        let sorted = blocks.sorted { $0.prefix.value < $1.prefix.value }
        var pairs: [(Block, Block)] = []
        var widest: Block?
        for block in sorted {
            if let open = widest, open.prefix.value.last >= block.prefix.value.network {
                let ordered = open.prefix.location < block.prefix.location ? (block, open) : (open, block)
                pairs.append(ordered)
                if block.prefix.value.last > open.prefix.value.last { widest = block }
            } else {
                widest = block
            }
        }
        return pairs
    }

    static func checkClientAddresses(_ inventory: Inventory, into problems: inout [Diagnostic]) {
        var taken: [IPv4Address: String] = [:]
        for client in inventory.clients {
            guard let address = client.address, let server = inventory.server(named: client.server.value) else {
                continue
            }
            let name = client.name.value
            guard let pools = server.pools, let first = pools.first else {
                problems.append(
                    Diagnostic(
                        address.location,
                        "client \(name) has a fixed address but server \(server.name.value) has no 'pools:'; give the server explicit pools or remove the address"
                    ))
                continue
            }
            guard let pool = pools.first(where: { $0.value.contains(address.value) }) else {
                let list = pools.map(\.value.description).joined(separator: ", ")
                problems.append(
                    Diagnostic(
                        address.location,
                        "address \(address.value) of client \(name) is outside the pools of server \(server.name.value) (\(list))"
                    ))
                continue
            }
            if pool.value.length < 31, address.value == pool.value.network || address.value == pool.value.last {
                problems.append(
                    Diagnostic(
                        address.location,
                        "address \(address.value) of client \(name) is the network or broadcast address of pool \(pool.value); pick a host address"
                    ))
            } else if address.value == first.value.firstHost {
                problems.append(
                    Diagnostic(
                        address.location,
                        "address \(address.value) of client \(name) is the tunnel address of server \(server.name.value); pick another"
                    ))
            } else if let other = taken[address.value] {
                problems.append(
                    Diagnostic(
                        address.location,
                        "address \(address.value) of client \(name) is already the address of client \(other)"))
            } else {
                taken[address.value] = name
            }
        }
    }
}
