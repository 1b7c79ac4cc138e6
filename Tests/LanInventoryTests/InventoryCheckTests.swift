// Tests that every kind of inventory mistake is reported, at its file:line:col, all at once.

import LanInventory
import LanValues
import Testing

/// Loads YAML text and returns the diagnostics as `line:col: message` strings.
func problems(_ yaml: String) -> [String] {
    InventoryLoader.load(text: yaml, file: "inv.yaml").diagnostics.map {
        "\($0.location.line):\($0.location.column): \($0.message)"
    }
}

/// A valid two-server inventory that tests mutate.
let validYAML = """
    network: 10.0.0.0/8
    servers:
      - name: hangzhou
        endpoint: 203.0.113.10
        pools: [10.251.0.0/16, 10.250.0.0/16]
      - name: hongkong
        endpoint: 198.51.100.20
        pools: [10.249.0.0/16]
        uplinks: [hangzhou]
    clients:
      - { name: alice, server: hongkong }
      - { name: bob, server: hangzhou, address: 10.251.0.50, fallback: [hongkong] }
    """

@Suite struct InventoryCheckTests {
    @Test func validInventoryHasNoProblems() throws {
        let loaded = InventoryLoader.load(text: validYAML, file: "inv.yaml")
        #expect(loaded.diagnostics.isEmpty)
        let inventory = try #require(loaded.inventory)
        #expect(inventory.servers.map(\.name.value) == ["hangzhou", "hongkong"])
        #expect(inventory.servers[1].uplinks.map(\.value) == ["hangzhou"])
        #expect(inventory.clients[1].address?.value == IPv4Address(10, 251, 0, 50))
        #expect(inventory.clients[1].address?.location == SourceLocation(file: "inv.yaml", line: 12, column: 45))
        #expect(inventory.defaults.port == 1194)
        #expect(inventory.defaults.protocols == [.udp, .tcp])
    }

    @Test func reportsTheOverlapExampleOfTheDesign() {
        let yaml = validYAML.replacingOccurrences(of: "[10.251.0.0/16, 10.250.0.0/16]", with: "[10.250.0.0/15]")
            .replacingOccurrences(of: "pools: [10.249.0.0/16]", with: "pools: [10.249.0.0/16, 10.250.0.0/16]")
        #expect(
            problems(yaml) == [
                "8:28: pool 10.250.0.0/16 of server hongkong overlaps pool 10.250.0.0/15 of server hangzhou"
            ])
    }

    @Test func reportsEveryMistakeAtOnce() {
        let yaml = """
            network: 10.0.0.0/8
            defaults:
              pool_prefx: 16
            servers:
              - name: hangzhou
                endpoint: 203.0.113.10
                pools: [10.251.0.0/16, 10.1.2.3/16]
              - name: hongkong
                endpoint: 198.51.100.20
                pools: [11.0.0.0/16]
                uplinks: [hangzou]
              - name: hangzhou
                endpoint: 192.0.2.1
            clients:
              - { name: alice, server: nowhere }
              - { name: bob, server: hangzhou, address: 10.9.0.1 }
            broadcast_relay: maybe
            """
        let found = problems(yaml)
        let expected = [
            "3:3: defaults: unknown key 'pool_prefx'; did you mean 'pool_prefix'?",
            "7:28: server hangzhou: pools[1]: '10.1.2.3/16' has host bits set; did you mean 10.1.0.0/16?",
            "10:13: pool 11.0.0.0/16 of server hongkong lies outside the network 10.0.0.0/8",
            "11:15: uplink of server hongkong 'hangzou' is not a server of this inventory; did you mean 'hangzhou'?",
            "12:11: duplicate name 'hangzhou': already used by the server at 5:11",
            "15:28: server of client alice 'nowhere' is not a server of this inventory",
            "16:45: address 10.9.0.1 of client bob is outside the pools of server hangzhou",
            "17:18: broadcast_relay: expected true or false, found 'maybe'",
        ]
        #expect(found.count == expected.count, "\(found.joined(separator: "\n"))")
        for (line, prefix) in zip(found, expected) {
            #expect(line.hasPrefix(prefix), "\(line) should start with \(prefix)")
        }
    }

    @Test func yamlSyntaxErrorsPointAtTheirPlace() {
        let found = problems("servers:\n  - name: a\n   pools: x\n")
        #expect(found.count == 1)
        #expect(found.first?.hasPrefix("3:4: YAML syntax:") == true)
        #expect(problems("a: 1\na: 2\n").first?.contains("appears twice") == true)
        #expect(problems("").first?.contains("empty") == true)
        #expect(problems("[1, 2]").first?.contains("expected a mapping") == true)
    }

    @Test func wrongTypesAreNamed() {
        let yaml = validYAML.replacingOccurrences(of: "pools: [10.249.0.0/16]", with: "pools: 10.249.0.0/16")
            .replacingOccurrences(of: "name: alice", with: "name: [alice]")
        let found = problems(yaml)
        #expect(found.contains { $0.hasPrefix("8:12: server hongkong: pools: expected a list") })
        #expect(found.contains { $0.hasPrefix("11:13: clients[0].name: expected text, found a list") })
    }

    @Test func clientAddressProblems() {
        func check(_ address: String) -> [String] {
            problems(validYAML.replacingOccurrences(of: "10.251.0.50", with: address))
        }
        #expect(check("10.251.0.1").first?.contains("tunnel address of server hangzhou") == true)
        #expect(check("10.251.0.0").first?.contains("network or broadcast address") == true)
        #expect(check("10.250.255.255").first?.contains("network or broadcast address") == true)
        #expect(check("10.251.0.300").first?.contains("is not an IPv4 address") == true)
        let twice = validYAML.replacingOccurrences(
            of: "{ name: alice, server: hongkong }", with: "{ name: alice, server: hangzhou, address: 10.251.0.50 }")
        #expect(problems(twice).first?.contains("already the address of client alice") == true)
    }

    @Test func topologyProblems() {
        let hubless = validYAML.replacingOccurrences(
            of: "network: 10.0.0.0/8", with: "network: 10.0.0.0/8\ntopology: hub")
        #expect(problems(hubless).first?.contains("topology 'hub' needs 'hub: NAME'") == true)
        let regions = """
            topology: regions
            servers:
              - { name: a, region: eu, endpoint: 192.0.2.1 }
              - { name: b, region: eu, endpoint: 192.0.2.2 }
              - { name: c, region: us, endpoint: 192.0.2.3, primary: true }
              - { name: d, region: us, endpoint: 192.0.2.4, primary: true }
              - { name: e, endpoint: 192.0.2.5 }
            """
        let found = problems(regions)
        #expect(found.contains { $0.hasPrefix("3:5: region eu has no primary") })
        #expect(found.contains { $0.hasPrefix("6:5: region us has two primaries (c and d)") })
        #expect(found.contains { $0.hasPrefix("7:13: server e has no 'region:'") })
    }

    @Test func controlCharactersAreRefusedAndEscapedWhenEchoed() {
        let yaml = validYAML.replacingOccurrences(
            of: "endpoint: 203.0.113.10", with: "endpoint: 203.0.113.10\n    region: \"cn\\e]0;owned\\a\"")
        let loaded = InventoryLoader.load(text: yaml, file: "inv.yaml")
        let lines = loaded.diagnostics.map(\.description)
        #expect(
            lines == [
                "inv.yaml:5:13: server hangzhou: region: 'cn\\u{1B}]0;owned\\u{7}' contains the control character "
                    + "\\u{1B}; remove it"
            ])
        #expect(!lines.joined().unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 })
    }

    @Test func namesAreChecked() {
        let yaml = validYAML.replacingOccurrences(of: "name: hongkong", with: "name: Hong_Kong")
            .replacingOccurrences(of: "[hangzhou]\n", with: "[hangzhou]\n")
        #expect(
            problems(yaml).contains {
                $0.hasSuffix(
                    "server name 'Hong_Kong' contains 'H'; use 1–32 characters of a–z, 0–9 and '-', starting with a letter"
                )
            })
        let traversal = validYAML.replacingOccurrences(of: "name: alice", with: "name: ../ca")
        #expect(
            problems(traversal).contains { $0.contains("client name '../ca' contains '/': a name becomes one file") })
        let clash = validYAML.replacingOccurrences(of: "name: alice", with: "name: hongkong")
        #expect(problems(clash).contains { $0.contains("duplicate name 'hongkong': already used by the server") })
    }

    @Test func privateNetworkOnly() {
        let yaml = validYAML.replacingOccurrences(of: "network: 10.0.0.0/8", with: "network: 8.0.0.0/8")
        #expect(problems(yaml).contains { $0.hasPrefix("1:10: network 8.0.0.0/8 is not a private range") })
    }

    @Test func exposeListsServicesMembersMayReachOnTheHost() throws {
        let exposed = validYAML.replacingOccurrences(
            of: "    pools: [10.249.0.0/16]\n", with: "    pools: [10.249.0.0/16]\n    expose: [ssh, 8080/tcp]\n")
        let loaded = InventoryLoader.load(text: exposed, file: "inv.yaml")
        #expect(loaded.diagnostics.isEmpty)
        #expect(try #require(loaded.inventory).servers[1].expose.map(\.value.description) == ["22/tcp", "8080/tcp"])
        let wrong = exposed.replacingOccurrences(of: "expose: [ssh, 8080/tcp]", with: "expose: [ssh, telnet]")
        #expect(
            problems(wrong) == [
                "9:19: server hongkong: expose[1]: 'telnet' is not a service members may reach; use ssh, http, https, dns, or PORT/tcp or PORT/udp (for example 8080/tcp)"
            ])
    }

    @Test func masqueradeNamesOneOfTheServersOwnSites() throws {
        let site = validYAML.replacingOccurrences(
            of: "    pools: [10.249.0.0/16]\n",
            with: "    pools: [10.249.0.0/16]\n    site_subnets: [192.168.20.0/24]\n    masquerade: [192.168.20.0/24]\n"
        )
        let loaded = InventoryLoader.load(text: site, file: "inv.yaml")
        #expect(loaded.diagnostics.isEmpty)
        #expect(try #require(loaded.inventory).servers[1].masquerade.map(\.value.description) == ["192.168.20.0/24"])
        let wrong = site.replacingOccurrences(
            of: "masquerade: [192.168.20.0/24]", with: "masquerade: [192.168.30.0/24]")
        #expect(
            problems(wrong) == [
                "10:18: server hongkong: masquerade 192.168.30.0/24 is not one of its site_subnets (it has 192.168.20.0/24); list the site under site_subnets first"
            ])
    }

    @Test func broadcastSettingsHaveDefaultsAndChecks() throws {
        let standard = try #require(InventoryLoader.load(text: validYAML, file: "inv.yaml").inventory)
        #expect(standard.broadcast.groups.map(\.description) == ["224.0.0.251", "239.255.255.250", "224.0.0.1"])
        #expect(standard.broadcast.rate == 100 && standard.broadcast.burst == 200)
        let custom = validYAML + "\nbroadcast_relay: true\nbroadcast: { groups: [239.1.2.3], rate: 20, burst: 40 }\n"
        let loaded = try #require(InventoryLoader.load(text: custom, file: "inv.yaml").inventory)
        #expect(loaded.broadcast.groups.map(\.description) == ["239.1.2.3"])
        #expect(loaded.broadcast.rate == 20 && loaded.broadcast.burst == 40)
        #expect(!loaded.broadcast.sites)
        let sites = validYAML + "\nbroadcast_relay: true\nbroadcast: { sites: true }\n"
        #expect(try #require(InventoryLoader.load(text: sites, file: "inv.yaml").inventory).broadcast.sites)
        let wrong = validYAML + "\nbroadcast: { groups: [10.0.0.9], rate: 0, burts: 3 }\n"
        #expect(
            problems(wrong) == [
                "13:23: broadcast.groups[0]: 10.0.0.9 is not a multicast group (224.0.0.0 to 239.255.255.255)",
                "13:40: broadcast.rate: 0 is out of range; use a number from 1 to 100000",
                "13:43: broadcast: unknown key 'burts' (known keys: groups, rate, burst, sites)",
            ])
    }

    @Test func unreachableHomeServerIsReported() {
        let yaml = validYAML.replacingOccurrences(of: "    endpoint: 198.51.100.20\n", with: "")
        #expect(problems(yaml).contains { $0.contains("client alice cannot reach its server hongkong") })
    }

    /// Hostile input: random bytes and truncated documents must give diagnostics, never a trap.
    @Test func neverTrapsOnGarbage() {
        var seed: UInt64 = 0x5EED
        func next() -> UInt64 {
            seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return seed >> 33
        }
        let alphabet = Array("abc:- []{}\n\t#&*!|>'\"0123456789./,")
        for _ in 0..<300 {
            let length = Int(next() % 200)
            let text = String((0..<length).map { _ in alphabet[Int(next() % UInt64(alphabet.count))] })
            _ = InventoryLoader.load(text: text, file: "fuzz.yaml")
        }
        for cut in stride(from: 0, to: validYAML.count, by: 7) {
            _ = InventoryLoader.load(text: String(validYAML.prefix(cut)), file: "cut.yaml")
        }
    }

    @Test func linkDirectionsMustAgree() {
        let mutual = validYAML.replacingOccurrences(
            of: "    pools: [10.251.0.0/16, 10.250.0.0/16]",
            with: "    pools: [10.251.0.0/16, 10.250.0.0/16]\n    uplinks: [hongkong]")
        #expect(problems(mutual).contains { $0.contains("servers hongkong and hangzhou list each other as uplinks") })
        let contrary = validYAML + "\nlinks:\n  - { from: hangzhou, to: hongkong }\n"
        #expect(
            problems(contrary).contains {
                $0.contains("this link has hangzhou dial hongkong, but server hongkong lists hangzhou as an uplink")
            })
    }

    @Test func smallerMistakes() {
        #expect(
            problems(validYAML.replacingOccurrences(of: "203.0.113.10", with: "999.1.1.1")).contains {
                $0.contains("'999.1.1.1' is not a host name")
            })
        #expect(problems("servers: []\n") == ["1:10: inventory: no servers; name at least one under 'servers:'"])
        #expect(problems(validYAML + "\nstate_dir: \"\"\n").contains { $0.contains("state_dir: empty") })
    }
}
