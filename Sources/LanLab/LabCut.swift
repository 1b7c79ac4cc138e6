// LabCut: the drill `lanstitch lab link INVENTORY A B down|up` as plain values (pure). A cut is
// one base chain of the lab's own nftables table in the internet namespace (`…-net`), hooked on
// the bridge's forward path, dropping the underlay traffic between two nodes both ways:
//
//   table bridge lanstitch_lab {
//     chain cut-192.0.2.1-192.0.2.3 {      ← one chain per cut pair, named by the two
//       type filter hook forward …;          underlay addresses in order, so `a c` and `c a`
//       ip saddr 192.0.2.1 ip daddr 192.0.2.3 drop     are the same cut
//       ip saddr 192.0.2.3 ip daddr 192.0.2.1 drop
//     }
//   }
//
// `down` declares the chain, flushes it and adds the two rules in one nft transaction, so a
// second `down` changes nothing; `up` declares, flushes and deletes that chain only, so it works
// whether the pair was cut or not, and other cuts stay.

import LanValues

/// A cut between two nodes of a lab's internet segment.
public struct LabCut: Equatable, Sendable {
    /// The nftables table of the lab's own, in the bridge family of the internet namespace.
    public static let table = "lanstitch_lab"
    /// The chains of `table` that are cuts start with this.
    static let chainPrefix = "cut-"

    /// The two nodes, the one with the lower underlay address first.
    public let first: LabNode
    public let second: LabNode

    /// The cut between `a` and `b` in `layout`. Throws a LabError that lists the nodes one can
    /// cut when a name is unknown, names a site host, or both names are the same node.
    public static func between(_ a: String, _ b: String, in layout: LabLayout) throws -> LabCut {
        let nodes = try [a, b].map { name in
            guard let node = layout.node(named: name) else {
                throw LabError("the lab has no node '\(name)'; \(cuttable(layout))")
            }
            guard node.role != .site else {
                throw LabError(
                    "\(name) is a host on \(node.server ?? "a server")'s site LAN, not on the lab's internet; \(cuttable(layout))"
                )
            }
            return node
        }
        guard nodes[0].name != nodes[1].name else {
            throw LabError("name two different nodes to cut or heal the underlay between them (both are '\(a)')")
        }
        let ordered = nodes.sorted { $0.underlay.address < $1.underlay.address }
        return LabCut(first: ordered[0], second: ordered[1])
    }

    /// "the servers are a, b, c (and the clients x, y)": what `lab link` accepts.
    static func cuttable(_ layout: LabLayout) -> String {
        let servers = layout.nodes.filter { $0.role == .server }.map(\.name)
        let clients = layout.nodes.filter { $0.role == .client }.map(\.name)
        let clientText = clients.isEmpty ? "" : " (and its clients \(clients.joined(separator: ", ")))"
        return "name two of its servers: \(servers.joined(separator: ", "))\(clientText)"
    }

    /// The chain that holds this cut's rules.
    public var chain: String { "\(Self.chainPrefix)\(first.underlay.address)-\(second.underlay.address)" }

    /// "a–c": the pair, for messages.
    public var name: String { "\(first.name)–\(second.name)" }

    /// The nft script (one transaction) that cuts the pair; the same again changes nothing.
    public var downScript: String {
        let a = first.underlay.address
        let b = second.underlay.address
        return declaration + """
            add rule bridge \(Self.table) \(chain) ip saddr \(a) ip daddr \(b) drop
            add rule bridge \(Self.table) \(chain) ip saddr \(b) ip daddr \(a) drop

            """
    }

    /// The nft script (one transaction) that heals the pair, cut or not; other cuts stay.
    public var upScript: String { declaration + "delete chain bridge \(Self.table) \(chain)\n" }

    /// Declares the table and the chain (no-ops when they exist) and empties the chain.
    private var declaration: String {
        """
        add table bridge \(Self.table)
        add chain bridge \(Self.table) \(chain) { type filter hook forward priority filter; policy accept; }
        flush chain bridge \(Self.table) \(chain)

        """
    }

    /// The pairs cut now, as (lower, higher) underlay addresses, from the chain names of
    /// `nft list table bridge lanstitch_lab` (its `chain cut-192.0.2.1-192.0.2.3 {` lines).
    public static func cutPairs(inListing listing: String) -> [(IPv4Address, IPv4Address)] {
        listing.split(separator: "\n").compactMap { line in
            let words = line.split(whereSeparator: \.isWhitespace)
            guard words.count >= 2, words[0] == "chain", words[1].hasPrefix(chainPrefix) else { return nil }
            let parts = words[1].dropFirst(chainPrefix.count).split(separator: "-")
            guard parts.count == 2, let a = IPv4Address(parts[0]), let b = IPv4Address(parts[1]) else { return nil }
            return (a, b)
        }
    }
}
