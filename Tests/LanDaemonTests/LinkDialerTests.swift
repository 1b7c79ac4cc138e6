// LinkDialer: the retry schedule (from 250 ms doubling to a ceiling, jittered to 50–100 %) and
// the dialers a bundle yields (one per planned link, UDP then TCP, accepting only the peer).

import LanTestKit
import LanValues
import Testing

@testable import LanDaemon

@Suite struct LinkDialerTests {
    @Test func backoffDoublesFromAQuarterSecondUpToTheCeilingWithJitter() {
        var generator = SeededGenerator(seed: 7)
        let steps = [250, 250, 500, 1000, 1000, 1000, 1000]
        for (failures, step) in steps.enumerated() {
            for _ in 0..<50 {
                let pause = LinkDialer.backoff(afterFailures: failures, using: &generator)
                #expect(pause <= .milliseconds(step), "failures \(failures): \(pause)")
                #expect(pause >= .milliseconds(step / 2), "failures \(failures): \(pause)")
            }
        }
        let refused = LinkDialer.backoff(afterFailures: 9, ceiling: LinkDialer.refusedCeiling, using: &generator)
        #expect(refused >= .seconds(15) && refused <= .seconds(30))
    }
}

@Suite struct LinkDialerPlanTests {
    @Test func hongkongDialsHangzhouOverUDPThenTCPAndHangzhouDialsNobody() throws {
        let hongkong = try LinkSupervisor.plannedDialers(DaemonConfiguration.load(makeBundle("hongkong").config))
        #expect(hongkong.map(\.peer) == ["hangzhou"])
        #expect(hongkong.first?.remotes.map(\.transport) == [.udp, .tcp])
        #expect(hongkong.first?.remotes.map(\.host) == ["203.0.113.10", "203.0.113.10"])
        #expect(hongkong.first?.tls.configuration.requiredPeerName == .exact("lanstitch-server-hangzhou"))
        let hangzhou = try LinkSupervisor.plannedDialers(DaemonConfiguration.load(makeBundle("hangzhou").config))
        #expect(hangzhou.isEmpty)
    }
}
