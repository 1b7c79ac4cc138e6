// Link state: advertisements survive the wire and refuse garbage; the database keeps only newer
// news, decides failed links from either end, forgets the silent, and finds roaming members.

import LanPlan
import LanProtocol
import LanTestKit
import LanValues
import Testing

@testable import LanDaemon

@Suite struct LinkStateTests {
    let lsa = LinkStateAdvertisement(
        origin: "hongkong", sequence: 1_763_000_000_123, peers: ["hangzhou", "tokyo-2"],
        members: [IPv4Address(10, 251, 0, 9), IPv4Address(10, 251, 0, 10)])

    @Test func anAdvertisementSurvivesTheWire() {
        let decoded = lsa.encoded.withUnsafeBytes { LinkStateAdvertisement.decode($0) }
        #expect(decoded == lsa)
        let empty = LinkStateAdvertisement(origin: "a", sequence: 1, peers: [], members: [])
        #expect(empty.encoded.withUnsafeBytes { LinkStateAdvertisement.decode($0) } == empty)
    }

    @Test func manyMembersAreCutToFitOnePacket() {
        let crowd = (0..<400).map { IPv4Address(10, 251, UInt8($0 / 256), UInt8($0 % 256)) }
        let big = LinkStateAdvertisement(origin: "hongkong", sequence: 5, peers: ["hangzhou"], members: crowd)
        #expect(big.encoded.count <= LinkStateAdvertisement.maxBytes)
        let decoded = big.encoded.withUnsafeBytes { LinkStateAdvertisement.decode($0) }
        #expect(decoded.map { Array(crowd.prefix($0.members.count)) == $0.members } == true)
        #expect((decoded?.members.count ?? 0) > 50)
    }

    @Test func garbageIsRefusedNeverTrapped() {
        var rng = SeededGenerator(seed: 0x15A)
        let good = lsa.encoded
        for round in 0..<3000 {
            var bytes = good
            if round % 3 == 0 {
                bytes =
                    LinkStateAdvertisement.magic
                    + (0..<Int.random(in: 0..<200, using: &rng)).map { _ in
                        UInt8.random(in: 0...255, using: &rng)
                    }
            } else {
                for _ in 0..<Int.random(in: 1...4, using: &rng) {
                    let index = Int.random(in: 16..<bytes.count, using: &rng)
                    bytes[index] = UInt8.random(in: 0...255, using: &rng)
                }
                if round % 3 == 1 { bytes = Array(bytes.prefix(Int.random(in: 0...bytes.count, using: &rng))) }
            }
            _ = bytes.withUnsafeBytes { LinkStateAdvertisement.decode($0) }
        }
        let notOurs: [UInt8] = [0x45, 0, 0, 20] + [UInt8](repeating: 0, count: 16)
        #expect(notOurs.withUnsafeBytes { LinkStateAdvertisement.decode($0) } == nil)
        let badName = Array(
            String(decoding: good.dropFirst(16), as: UTF8.self).replacingOccurrences(
                of: "tokyo-2", with: "tok yo"
            ).utf8)
        #expect((LinkStateAdvertisement.magic + badName).withUnsafeBytes { LinkStateAdvertisement.decode($0) } == nil)
    }

    /// Mesh a-b-c; the database of a.
    func meshDatabase() -> LinkStateDatabase {
        LinkStateDatabase(me: "a", planned: [LinkID("a", "b"), LinkID("a", "c"), LinkID("b", "c")])
    }

    @Test func onlyNewerNewsIsKept() {
        var database = meshDatabase()
        let b2 = LinkStateAdvertisement(origin: "b", sequence: 2, peers: ["a", "c"], members: [])
        let kept1 = database.accept(b2, now: .zero)
        #expect(kept1)
        let kept2 = database.accept(b2, now: .zero)
        #expect(!kept2)
        let kept3 = database.accept(.init(origin: "b", sequence: 1, peers: [], members: []), now: .zero)
        #expect(!kept3)
        let kept4 = database.accept(.init(origin: "a", sequence: 99, peers: [], members: []), now: .zero)
        #expect(!kept4)
        let kept5 = database.accept(.init(origin: "b", sequence: 3, peers: ["a"], members: []), now: .zero)
        #expect(kept5)
    }

    @Test func aLinkFailsWhenEitherEndSaysSoAndOwnLinksByOwnSessions() {
        var database = meshDatabase()
        // Nothing heard yet: other links as planned; own links only if live.
        #expect(database.failedLinks(livePeers: ["b", "c"]).isEmpty)
        #expect(database.failedLinks(livePeers: ["b"]) == [LinkID("a", "c")])
        // b says its link to c is down (c has not spoken): b-c failed.
        _ = database.accept(.init(origin: "b", sequence: 1, peers: ["a"], members: []), now: .zero)
        #expect(database.failedLinks(livePeers: ["b", "c"]) == [LinkID("b", "c")])
        // b heals; c still says b is missing.
        _ = database.accept(.init(origin: "b", sequence: 2, peers: ["a", "c"], members: []), now: .zero)
        _ = database.accept(.init(origin: "c", sequence: 1, peers: ["a"], members: []), now: .zero)
        #expect(database.failedLinks(livePeers: ["b", "c"]) == [LinkID("b", "c")])
        _ = database.accept(.init(origin: "c", sequence: 2, peers: ["a", "b"], members: []), now: .zero)
        #expect(database.failedLinks(livePeers: ["b", "c"]).isEmpty)
    }

    @Test func silentOriginsAreForgottenAndRoamingMembersFound() {
        var database = meshDatabase()
        let member = IPv4Address(10, 1, 0, 7)
        _ = database.accept(.init(origin: "c", sequence: 1, peers: ["a"], members: [member]), now: .zero)
        #expect(database.roaming == [member: "c"])
        let kept6 = database.expire(now: .zero + .seconds(29))
        #expect(!kept6)
        let kept7 = database.expire(now: .zero + .seconds(31))
        #expect(kept7)
        #expect(database.roaming.isEmpty)
        #expect(database.failedLinks(livePeers: ["b", "c"]).isEmpty)
    }
}
