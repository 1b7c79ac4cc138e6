// The host guard's ruleset: one table of lanstitch's own, replaced in one transaction; from the
// tunnel device only replies, ICMP echo and /metrics on the tunnel address and the exposed ports
// reach the host, and only the LAN and its sites are forwarded to; the rest is counted and dropped.

import LanHost
import LanValues
import Testing

@Suite struct HostGuardTests {
    func prefix(_ text: String) -> IPv4Prefix { try! IPv4Prefix.parse(text).get() }

    @Test func membersReachOnlyTheTunnelAddressTheExposedPortsAndTheLAN() {
        let guarded = HostGuard(
            device: "lanstitch0", tunnelAddress: IPv4Address(10, 251, 0, 1),
            destinations: [prefix("10.0.0.0/8"), prefix("192.168.10.0/24")], metricsPort: 9217,
            exposed: [ExposedPort("ssh")!, ExposedPort("5353/udp")!])
        #expect(
            guarded.ruleset == """
                add table ip lanstitch_guard
                delete table ip lanstitch_guard
                table ip lanstitch_guard {
                  chain input {
                    type filter hook input priority filter; policy accept;
                    iifname "lanstitch0" ct state established,related accept
                    iifname "lanstitch0" ip daddr 10.251.0.1 icmp type echo-request accept
                    iifname "lanstitch0" ip daddr 10.251.0.1 tcp dport 9217 accept
                    iifname "lanstitch0" tcp dport 22 accept
                    iifname "lanstitch0" udp dport 5353 accept
                    iifname "lanstitch0" counter drop comment "members to the server host"
                  }
                  chain forward {
                    type filter hook forward priority filter; policy accept;
                    iifname "lanstitch0" ip daddr { 10.0.0.0/8, 192.168.10.0/24 } accept
                    iifname "lanstitch0" counter drop comment "members beyond the LAN and its sites"
                  }
                }

                """)
        #expect(HostGuard.removal == "add table ip lanstitch_guard\ndelete table ip lanstitch_guard\n")
    }

    @Test func exposedPortsAreNamedServicesOrPortSlashTransport() {
        #expect(ExposedPort("ssh")?.description == "22/tcp")
        #expect(ExposedPort("dns")?.description == "53/udp")
        #expect(ExposedPort("8080/tcp") == ExposedPort(port: 8080, transport: .tcp))
        for bad in ["telnet", "0/tcp", "70000/tcp", "22/sctp", "22", "/tcp", "22/tcp/x", ""] {
            #expect(ExposedPort(bad) == nil, "\(bad)")
        }
    }
}
