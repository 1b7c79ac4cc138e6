// LinkDialer: the retry schedule (exponential from 1 s, capped at 30 s, jittered to 50–100 %) and
// the dialers a bundle yields (one per planned link, UDP then TCP, accepting only the peer).

import LanTestKit
import Testing

@testable import LanDaemon

@Suite struct LinkDialerTests {
    @Test func backoffDoublesUpToThirtySecondsWithJitterBelowTheCeiling() {
        var generator = SeededGenerator(seed: 7)
        let ceilings = [1, 1, 2, 4, 8, 16, 30, 30, 30]
        for (failures, ceiling) in ceilings.enumerated() {
            for _ in 0..<50 {
                let pause = LinkDialer.backoff(afterFailures: failures, using: &generator)
                #expect(pause <= .seconds(ceiling), "failures \(failures): \(pause)")
                #expect(pause >= .milliseconds(max(500, ceiling * 500)), "failures \(failures): \(pause)")
            }
        }
    }
}

@Suite struct LinkDialerPlanTests {
    @Test func hongkongDialsHangzhouOverUDPThenTCPAndHangzhouDialsNobody() throws {
        let hongkong = try ServerDaemon.makeDialers(DaemonConfiguration.load(makeBundle("hongkong").config))
        #expect(hongkong.map(\.peer) == ["hangzhou"])
        #expect(hongkong.first?.remotes.map(\.transport) == [.udp, .tcp])
        #expect(hongkong.first?.remotes.map(\.host) == ["203.0.113.10", "203.0.113.10"])
        #expect(hongkong.first?.tls.configuration.requiredPeerName == .exact("lanstitch-server-hangzhou"))
        let hangzhou = try ServerDaemon.makeDialers(DaemonConfiguration.load(makeBundle("hangzhou").config))
        #expect(hangzhou.isEmpty)
    }
}
