// Tests of the `lab link` drill's pure part: which pairs may be cut (and the errors for the
// rest), the nft scripts (one chain per pair, both directions, idempotent, heal removes only
// that pair's chain), and reading the cut pairs back from `nft list table`.

import LanLab
import LanValues
import Testing

@Suite struct LabCutTests {
    @Test func aPairIsTheSameCutWhicheverWayItIsNamed() throws {
        let lab = try layout(officeYAML)
        let one = try LabCut.between("hq", "branch", in: lab)
        let other = try LabCut.between("branch", "hq", in: lab)
        #expect(one == other)
        #expect(one.first.name == "branch" && one.second.name == "hq")  // 198.51.100.30 < 203.0.113.30
        #expect(one.chain == "cut-198.51.100.30-203.0.113.30")
        #expect(one.name == "branch–hq")
    }

    @Test func cuttingDropsBothDirectionsInOneChainOfTheLabsTable() throws {
        let cut = try LabCut.between("hq", "branch", in: try layout(officeYAML))
        #expect(
            cut.downScript == """
                add table bridge lanstitch_lab
                add chain bridge lanstitch_lab cut-198.51.100.30-203.0.113.30 { type filter hook forward priority filter; policy accept; }
                flush chain bridge lanstitch_lab cut-198.51.100.30-203.0.113.30
                add rule bridge lanstitch_lab cut-198.51.100.30-203.0.113.30 ip saddr 198.51.100.30 ip daddr 203.0.113.30 drop
                add rule bridge lanstitch_lab cut-198.51.100.30-203.0.113.30 ip saddr 203.0.113.30 ip daddr 198.51.100.30 drop

                """)
    }

    @Test func healingDeletesOnlyThatPairsChainCutOrNot() throws {
        let cut = try LabCut.between("hq", "home", in: try layout(officeYAML))
        let lines = cut.upScript.split(separator: "\n")
        #expect(lines.count == 4)
        #expect(lines[2] == "flush chain bridge lanstitch_lab \(cut.chain)")
        #expect(lines[3] == "delete chain bridge lanstitch_lab \(cut.chain)")
        #expect(!cut.upScript.contains("delete table"))
        #expect(lines.allSatisfy { $0.contains(cut.chain) || $0 == "add table bridge lanstitch_lab" })
    }

    @Test func clientsMayBeCutButSiteHostsAndUnknownNamesNot() throws {
        let lab = try layout(officeYAML)
        #expect(try LabCut.between("carol", "hq", in: lab).name.contains("carol"))
        let unknown = #expect(throws: LabError.self) { try LabCut.between("hq", "paris", in: lab) }
        #expect(unknown?.description.contains("no node 'paris'") == true)
        #expect(unknown?.description.contains("servers: hq, branch, home") == true)
        let site = #expect(throws: LabError.self) { try LabCut.between("hq-site1", "branch", in: lab) }
        #expect(site?.description.contains("site LAN") == true)
        let same = #expect(throws: LabError.self) { try LabCut.between("hq", "hq", in: lab) }
        #expect(same?.description.contains("two different nodes") == true)
    }

    @Test func cutPairsAreReadBackFromTheTableListing() {
        let listing = """
            table bridge lanstitch_lab {
            \tchain cut-192.0.2.1-192.0.2.3 {
            \t\ttype filter hook forward priority filter; policy accept;
            \t\tip saddr 192.0.2.1 ip daddr 192.0.2.3 drop
            \t}
            \tchain other {
            \t}
            \tchain cut-bad-192.0.2.9 {
            \t}
            }
            """
        let pairs = LabCut.cutPairs(inListing: listing)
        #expect(pairs.count == 1)
        #expect(pairs.first?.0 == IPv4Address(192, 0, 2, 1) && pairs.first?.1 == IPv4Address(192, 0, 2, 3))
        #expect(LabCut.cutPairs(inListing: "").isEmpty)
    }
}
