// SiteMasquerade: for a site LAN whose gateway nobody can change (it has no route back to the
// LAN), the server rewrites the source of traffic from the LAN into that site to its own
// address on the site, so the site's hosts answer the server, which knows the way back.
// Installed as one nftables table of lanstitch's own (`ip lanstitch`), replaced atomically at
// start and deleted on exit; no other table is touched. Uses the `nft` command (Debian's
// nftables package).

import Foundation
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

    /// Installs the ruleset; throws with nft's own message when it fails.
    func install() throws {
        try Self.nft(ruleset, doing: "install the masquerade rules")
    }

    /// Deletes lanstitch's table (if it is there).
    static func remove() throws {
        try nft("add table ip \(table)\ndelete table ip \(table)\n", doing: "remove the masquerade rules")
    }

    static func nft(_ input: String, doing what: String) throws {
        guard
            let path = ["/usr/sbin/nft", "/sbin/nft", "/usr/bin/nft"].first(where: FileManager.default.isExecutableFile)
        else {
            throw DaemonError("cannot \(what): nft is not installed (Debian: apt install nftables)")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = ["-f", "-"]
        let stdin = Pipe()
        let stderr = Pipe()
        process.standardInput = stdin
        process.standardError = stderr
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        stdin.fileHandleForWriting.write(Data(input.utf8))
        try stdin.fileHandleForWriting.close()
        process.waitUntilExit()
        let message = String(decoding: stderr.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        guard process.terminationStatus == 0 else {
            throw DaemonError("cannot \(what): nft said: \(message.trimmingCharacters(in: .whitespacesAndNewlines))")
        }
    }
}
