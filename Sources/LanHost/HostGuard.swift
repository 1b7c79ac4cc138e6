// HostGuard: what members may do to and through a server's host. Packets that the data plane
// hands the kernel from the tunnel device (the server's own address, its sites, anything the
// LAN does not route) meet one nftables table of lanstitch's own (`ip lanstitch_guard`),
// replaced atomically at start and reload and deleted on exit; no other table is touched:
//
//   input (to the host itself), from the tunnel device:
//     replies to connections the host opened ─▶ accept
//     ICMP echo to the tunnel address, /metrics on the tunnel address, exposed ports ─▶ accept
//     anything else ─▶ counted and dropped (sshd and the rest of the host stay closed)
//   forward (through the host), from the tunnel device:
//     to the LAN or a planned site ─▶ accept;  anything else ─▶ counted and dropped
//
// This is only the ruleset text; the host (LanCommands' LinuxHostNetwork) hands it to `nft`.

import LanValues

/// The nftables ruleset that keeps members off a server's host.
public struct HostGuard: Equatable, Sendable {
    public static let table = "lanstitch_guard"

    /// The tunnel device and the server's tunnel address.
    public let device: String
    public let tunnelAddress: IPv4Address
    /// Where members' packets may be forwarded: the LAN and every site of the plan.
    public let destinations: [IPv4Prefix]
    /// The metrics port on the tunnel address, when /metrics is served there.
    public let metricsPort: UInt16?
    /// Ports opened to members on the host (`expose:`).
    public let exposed: [ExposedPort]

    public init(
        device: String, tunnelAddress: IPv4Address, destinations: [IPv4Prefix], metricsPort: UInt16?,
        exposed: [ExposedPort]
    ) {
        self.device = device
        self.tunnelAddress = tunnelAddress
        self.destinations = destinations
        self.metricsPort = metricsPort
        self.exposed = exposed
    }

    /// The ruleset text for `nft -f -`: (re)creates the table in one transaction.
    public var ruleset: String {
        let from = "iifname \"\(device)\""
        var input = [
            "    \(from) ct state established,related accept",
            "    \(from) ip daddr \(tunnelAddress) icmp type echo-request accept",
        ]
        if let metricsPort { input.append("    \(from) ip daddr \(tunnelAddress) tcp dport \(metricsPort) accept") }
        for port in exposed { input.append("    \(from) \(port.transport.rawValue) dport \(port.port) accept") }
        input.append("    \(from) counter drop comment \"members to the server host\"")
        var forward: [String] = []
        if !destinations.isEmpty {
            forward.append(
                "    \(from) ip daddr { \(destinations.map(\.description).joined(separator: ", ")) } accept")
        }
        forward.append("    \(from) counter drop comment \"members beyond the LAN and its sites\"")
        let lines =
            [
                "add table ip \(Self.table)",
                "delete table ip \(Self.table)",
                "table ip \(Self.table) {",
                "  chain input {",
                "    type filter hook input priority filter; policy accept;",
            ] + input + ["  }", "  chain forward {", "    type filter hook forward priority filter; policy accept;"]
            + forward + ["  }", "}"]
        return lines.joined(separator: "\n") + "\n"
    }

    /// The text for `nft -f -` that deletes the table (if it is there).
    public static var removal: String { "add table ip \(table)\ndelete table ip \(table)\n" }
}
