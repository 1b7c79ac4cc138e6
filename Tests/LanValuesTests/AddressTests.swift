// Tests of IPv4 address and prefix parsing and arithmetic, and of the "did you mean" helper.

import LanValues
import Testing

@Suite struct AddressTests {
    @Test func parsesDottedQuad() {
        #expect(IPv4Address("10.251.0.1")?.value == 0x0AFB_0001)
        #expect(IPv4Address("255.255.255.255")?.value == UInt32.max)
        #expect(IPv4Address("0.0.0.0")?.value == 0)
        #expect(IPv4Address("10.251.0.1")?.description == "10.251.0.1")
    }

    @Test(arguments: [
        "", "10", "10.0.0", "10.0.0.0.0", "256.0.0.1", "10.01.0.1", "10.0.0.-1", " 10.0.0.1", "a.b.c.d", "10..0.1",
    ])
    func rejectsBadAddressText(_ text: String) {
        #expect(IPv4Address(text) == nil)
    }

    @Test func parsesPrefixes() throws {
        let prefix = try IPv4Prefix.parse("10.250.0.0/15").get()
        #expect(prefix.network == IPv4Address(10, 250, 0, 0))
        #expect(prefix.length == 15)
        #expect(prefix.last == IPv4Address(10, 251, 255, 255))
        #expect(prefix.firstHost == IPv4Address(10, 250, 0, 1))
        #expect(prefix.hostCount == 131_070)
        #expect(try IPv4Prefix.parse("0.0.0.0/0").get().size == 1 << 32)
    }

    @Test func rejectsHostBitsAndSuggestsThePrefix() {
        guard case .failure(let error) = IPv4Prefix.parse("10.1.2.3/16") else {
            Issue.record("host bits accepted")
            return
        }
        #expect(error.message.contains("did you mean 10.1.0.0/16"))
    }

    @Test(arguments: [
        "10.0.0.0", "10.0.0.0/33", "10.0.0.0/", "10.0.0.0/x", "10.0.0/8", "/8", "10.0.0.0/8/8", "10.0.0.0/+8",
    ])
    func rejectsBadPrefixText(_ text: String) {
        guard case .failure = IPv4Prefix.parse(text) else {
            Issue.record("accepted \(text)")
            return
        }
    }

    @Test func containsAndOverlaps() throws {
        let wide = try IPv4Prefix.parse("10.250.0.0/15").get()
        let narrow = try IPv4Prefix.parse("10.251.0.0/16").get()
        let other = try IPv4Prefix.parse("10.249.0.0/16").get()
        #expect(wide.contains(narrow))
        #expect(!narrow.contains(wide))
        #expect(wide.overlaps(narrow) && narrow.overlaps(wide))
        #expect(!wide.overlaps(other))
        #expect(wide.contains(IPv4Address(10, 251, 9, 9)))
        #expect(!wide.contains(IPv4Address(10, 252, 0, 0)))
    }

    @Test func smallPrefixesHaveNoBroadcastReservation() throws {
        let p31 = try IPv4Prefix.parse("10.0.0.0/31").get()
        #expect(p31.hostCount == 2)
        #expect(p31.firstHost == IPv4Address(10, 0, 0, 0))
        let p30 = try IPv4Prefix.parse("10.0.0.0/30").get()
        #expect(p30.hostCount == 2)
    }

    /// The smallest prefix holding every given one: what a two-pool server pushes as the subnet.
    @Test func coveringPrefix() throws {
        func p(_ text: String) throws -> IPv4Prefix { try IPv4Prefix.parse(text).get() }
        #expect(IPv4Prefix.covering([IPv4Prefix]()) == nil)
        #expect(IPv4Prefix.covering([try p("10.43.0.0/16")]) == (try p("10.43.0.0/16")))
        #expect(IPv4Prefix.covering([try p("10.43.0.0/16"), try p("10.44.0.0/16")]) == (try p("10.40.0.0/13")))
        #expect(IPv4Prefix.covering([try p("10.251.0.0/16"), try p("10.250.0.0/16")]) == (try p("10.250.0.0/15")))
        #expect(
            IPv4Prefix.covering([try p("10.128.0.0/16"), try p("10.128.0.1/32"), try p("10.200.1.2/32")])
                == (try p("10.128.0.0/9")))
        #expect(IPv4Prefix.covering([try p("10.0.0.0/8"), try p("11.0.0.0/8")]) == (try p("10.0.0.0/7")))
        #expect(IPv4Prefix.covering([try p("1.0.0.0/8"), try p("200.0.0.0/8")]) == (try p("0.0.0.0/0")))
    }

    @Test func prefixesSortByAddressThenLength() throws {
        let texts = ["10.2.0.0/16", "10.0.0.0/8", "10.1.0.0/16", "10.0.0.0/16"]
        let sorted = try texts.map { try IPv4Prefix.parse($0).get() }.sorted().map(\.description)
        #expect(sorted == ["10.0.0.0/8", "10.0.0.0/16", "10.1.0.0/16", "10.2.0.0/16"])
    }

    @Test func suggestsTheClosestKnownWord() {
        #expect(Suggest.closest(to: "pool_prefx", among: ["pool_prefix", "port"]) == "pool_prefix")
        #expect(Suggest.closest(to: "hubb", among: ["explicit", "hub", "mesh"]) == "hub")
        #expect(Suggest.closest(to: "zzzzzz", among: ["pools", "port"]) == nil)
        #expect(Suggest.distance("kitten", "sitting") == 3)
    }
}
