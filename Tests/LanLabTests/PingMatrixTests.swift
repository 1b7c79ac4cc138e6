// Tests of the ping matrix: the pairs, reading ping's output, the text and the summary.

import LanLab
import LanValues
import Testing

@Suite struct PingMatrixTests {
    @Test func everyNodePingsEveryOtherNode() throws {
        let lab = try layout(officeYAML)
        let pairs = PingMatrix.pairs(lab)
        #expect(pairs.count == lab.nodes.count * (lab.nodes.count - 1))
        #expect(pairs.allSatisfy { $0.from.name != $0.to.name })
        #expect(pairs.contains { $0.from.name == "carol" && $0.to.name == "branch-site1" })
        #expect(pairs.contains { $0.from.name == "hq-site1" && $0.to.name == "carol" })
    }

    @Test func readsTheRoundTripOfAReply() throws {
        let output = """
            PING 10.251.0.1 (10.251.0.1) 56(84) bytes of data.
            64 bytes from 10.251.0.1: icmp_seq=1 ttl=64 time=0.482 ms

            --- 10.251.0.1 ping statistics ---
            1 packets transmitted, 1 received, 0% packet loss, time 0ms
            """
        #expect(PingMatrix.roundTrip(output) == 0.482)
        #expect(PingMatrix.roundTrip("1 packets transmitted, 0 received") == nil)
        let lab = try layout(officeYAML)
        let pair = try #require(PingMatrix.pairs(lab).first)
        #expect(PingMatrix.result(of: pair, status: 0, output: output).rttMs == 0.482)
        let lost = PingMatrix.result(of: pair, status: 1, output: output)
        #expect(!lost.ok && lost.rttMs == nil && lost.address == pair.to.lanAddress)
    }

    @Test func textShowsEveryCellAndTheFailures() {
        let a = IPv4Address(10, 0, 0, 1)
        let results = [
            PingResult(from: "lei", to: "mei", address: a, ok: true, rttMs: 0.5),
            PingResult(from: "mei", to: "lei", address: a, ok: false, rttMs: nil),
        ]
        let text = PingMatrix.text(nodes: ["lei", "mei"], results: results)
        #expect(
            text == """
                ping matrix (row pings column):
                        1   2
                1   lei .   ok
                2   mei --  .
                1 of 2 pairs reply; median round trip 0.500 ms
                no reply: mei → lei (10.0.0.1)
                """)
    }
}
