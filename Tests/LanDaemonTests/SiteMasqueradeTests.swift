// The masquerade ruleset: one table of lanstitch's own, replaced in one transaction, with a rule
// per masqueraded site for every LAN source except the site itself.

import LanHost
import LanValues
import Testing

@testable import LanDaemon

@Suite struct SiteMasqueradeTests {
    @Test func rulesetReplacesOnlyLanstitchsTableAndSkipsTheSiteItself() {
        func prefix(_ text: String) -> IPv4Prefix { try! IPv4Prefix.parse(text).get() }
        let masquerade = SiteMasquerade(
            sites: [prefix("192.168.20.0/24")],
            sources: [prefix("10.0.0.0/8"), prefix("192.168.10.0/24"), prefix("192.168.20.0/24")])
        #expect(
            masquerade.ruleset == """
                add table ip lanstitch
                delete table ip lanstitch
                table ip lanstitch {
                  chain postrouting {
                    type nat hook postrouting priority srcnat; policy accept;
                    ip saddr { 10.0.0.0/8, 192.168.10.0/24 } ip daddr 192.168.20.0/24 masquerade
                  }
                }

                """)
    }
}
