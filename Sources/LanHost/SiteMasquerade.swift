// SiteMasquerade: for a site LAN whose gateway nobody can change (it has no route back to the
// LAN), the server rewrites the source of traffic from the LAN into that site to its own
// address on the site, so the site's hosts answer the server, which knows the way back.
// Installed as one nftables table of lanstitch's own (`ip lanstitch`), replaced atomically at
// start and deleted on exit; no other table is touched. This is only the ruleset text; the
// host (LanCommands' LinuxHostNetwork) hands it to the `nft` command.

import LanValues

/// The nftables ruleset that masquerades LAN traffic into some site subnets.
public struct SiteMasquerade {
    static let table = "lanstitch"

    /// The site subnets to masquerade into, and every LAN source (network and other sites).
    public let sites: [IPv4Prefix]
    public let sources: [IPv4Prefix]

    public init(sites: [IPv4Prefix], sources: [IPv4Prefix]) {
        self.sites = sites
        self.sources = sources
    }

    /// The ruleset text for `nft -f -`: (re)creates the table in one transaction.
    public var ruleset: String {
        var lines = [
            "add table ip \(Self.table)",
            "delete table ip \(Self.table)",
            "table ip \(Self.table) {",
            "  chain postrouting {",
            "    type nat hook postrouting priority srcnat; policy accept;",
        ]
        let from = sources.filter { !sites.contains($0) }
        for site in sites where !from.isEmpty {
            lines.append(
                "    ip saddr { \(from.map(\.description).joined(separator: ", ")) } ip daddr \(site) masquerade")
        }
        lines += ["  }", "}"]
        return lines.joined(separator: "\n") + "\n"
    }

    /// The text for `nft -f -` that deletes lanstitch's table (if it is there).
    public static var removal: String { "add table ip \(table)\ndelete table ip \(table)\n" }
}
