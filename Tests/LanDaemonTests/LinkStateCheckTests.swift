// LinkStateCheck over real bundles of the example LAN (hangzhou and hongkong): an advertisement
// signed by its origin and claiming only what the plan gives it is taken; one signed by another
// key, altered after signing, unsigned, from an origin the plan does not have, claiming a link
// the plan does not have, or claiming a /32 that is no member of that origin, is refused.

import LanCrypto
import LanPKI
import LanTestKit
import LanValues
import Testing

@testable import LanDaemon

@Suite struct LinkStateCheckTests {
    let hangzhou: DaemonConfiguration
    let hongkong: DaemonConfiguration

    init() throws {
        let lan = try ExampleLAN()
        let planned = try lan.workspace.plan()
        var loaded: [String: DaemonConfiguration] = [:]
        for server in ["hangzhou", "hongkong"] {
            let files = try ServerBundle.files(server, workspace: lan.workspace, plan: planned.plan, book: planned.book)
            try ServerBundle.write(files, to: lan.folder + "/" + server)
            loaded[server] = try DaemonConfiguration.load(lan.folder + "/" + server + "/server.yaml")
        }
        hangzhou = loaded["hangzhou"]!
        hongkong = loaded["hongkong"]!
    }

    func signed(_ lsa: LinkStateAdvertisement, _ key: PrivateKey) throws -> SignedAdvertisement {
        try #require(SignedAdvertisement.decode(try lsa.signed(with: key)))
    }

    func refusal(_ advertisement: SignedAdvertisement) -> String? {
        LinkStateCheck(configuration: hongkong).refusal(of: advertisement, from: "hangzhou")?.counter
    }

    @Test func anAdvertisementSignedByItsOriginClaimingItsOwnIsTaken() throws {
        #expect(hongkong.serverCertificates?.keys.sorted() == ["hangzhou", "hongkong"])
        let bob = try #require(hongkong.leases["bob"])  // home hongkong, fallback hangzhou
        let lsa = LinkStateAdvertisement(origin: "hangzhou", sequence: 7, peers: ["hongkong"], members: [bob])
        #expect(refusal(try signed(lsa, hangzhou.key)) == nil)
        #expect(
            refusal(
                try signed(
                    LinkStateAdvertisement(origin: "hangzhou", sequence: 8, peers: [], members: []), hangzhou.key))
                == nil)
    }

    @Test func forgedAlteredAndUnsignedAdvertisementsAreRefused() throws {
        let lsa = LinkStateAdvertisement(origin: "hangzhou", sequence: 7, peers: [], members: [])
        #expect(refusal(try signed(lsa, try PrivateKey.generateP256())) == "not signed by its origin")
        #expect(refusal(try signed(lsa, hongkong.key)) == "not signed by its origin")
        var altered = try lsa.signed(with: hangzhou.key)
        let at = try #require(altered.firstIndex(of: UInt8(ascii: "7")))
        altered[at] = UInt8(ascii: "9")
        #expect(refusal(try #require(SignedAdvertisement.decode(altered))) == "not signed by its origin")
        #expect(refusal(try #require(SignedAdvertisement.decode(lsa.encoded))) == "not signed by its origin")
        let rogue = LinkStateAdvertisement(origin: "rogue", sequence: 1, peers: [], members: [])
        #expect(refusal(try signed(rogue, hangzhou.key)) == "unknown origin")
    }

    @Test func claimsThePlanDoesNotGiveTheOriginAreRefused() throws {
        let stranger = LinkStateAdvertisement(origin: "hangzhou", sequence: 7, peers: ["hangzhou"], members: [])
        #expect(refusal(try signed(stranger, hangzhou.key)) == "a link the plan does not have")
        for stolen in [hongkong.tunnelAddress, IPv4Address(192, 168, 20, 5)] {
            let claim = LinkStateAdvertisement(origin: "hangzhou", sequence: 7, peers: [], members: [stolen])
            #expect(refusal(try signed(claim, hangzhou.key)) == "a member the plan does not give it", "\(stolen)")
        }
        let members = hongkong.settings.memberServers
        if let foreign = members.first(where: { !$0.value.contains("hangzhou") })?.key {
            let claim = LinkStateAdvertisement(origin: "hangzhou", sequence: 7, peers: [], members: [foreign])
            #expect(refusal(try signed(claim, hangzhou.key)) == "a member the plan does not give it")
        }
    }
}
