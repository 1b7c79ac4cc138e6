// The live view's renderings: JSON (snake_case, round trip, one line), the text table and the
// DOT picture.

import Foundation
import Testing

@testable import LanStatus

@Suite struct StatusJSONTests {
    @Test func aLineIsOneLineOfSnakeCaseJSONThatReadsBack() throws {
        let status = Sample.hongkong()
        let line = StatusJSON.line(status)
        #expect(!line.contains("\n"))
        for key in [
            "\"schema\":\"lanstitch.status/v1\"", "\"tunnel_address\":\"10.249.0.1\"", "\"rtt_seconds\":0.0384",
            "\"bytes_in\":1234567", "\"kernel_routes\":2", "\"last_reconcile\"", "\"probes_answered\":19",
        ] {
            #expect(line.contains(key), "\(key) in \(line)")
        }
        #expect(try StatusJSON.decode(line) == status)
        #expect(try StatusJSON.decode(StatusJSON.pretty(status)) == status)
    }
}

@Suite struct StatusTextTests {
    @Test func theTableShowsTheServerItsLinkAndClientsInAlignedColumns() {
        let text = StatusText.render(Sample.hongkong())
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines[0] == "server hongkong (gaming) 10.249.0.1, lanstitch 0.1.0, up 1h2m")
        #expect(lines[1] == "  listening: udp 0.0.0.0:1194, tcp 0.0.0.0:1194; metrics http://10.249.0.1:9217/metrics")
        let header = lines.first { $0.hasPrefix("LINK") } ?? ""
        let row = lines.first { $0.hasPrefix("hangzhou") } ?? ""
        #expect(row.contains("dials") && row.contains("2m5s") && row.contains("38 ms") && row.contains("5%"))
        #expect(row.contains("1.2 MB / 900 pkt") && row.contains("2.0 kB / 12 pkt"))
        // Columns line up: each header word starts where its cell does.
        #expect(
            header.range(of: "STATE")?.lowerBound.utf16Offset(in: header)
                == row.range(of: "up")?.lowerBound.utf16Offset(in: row))
        #expect(lines.contains { $0.hasPrefix("alice") && $0.contains("10.249.0.2") && $0.contains("45s") })
        #expect(text.contains("routes: 2 to clients, 0 to the site, 2 over links, 0 unreachable; 2 kernel routes"))
        #expect(text.contains("handshakes: 3 accepted, 1 refused"))
        #expect(text.contains("  7\tfront door: not an authentic hard reset"))
    }

    @Test func theSummaryIsOneLinePerServer() {
        #expect(
            StatusText.summary(Sample.hongkong())
                == "  hongkong 10.249.0.1: 1 client; hangzhou (dials) up, RTT 38 ms, loss 5%")
        #expect(
            StatusText.summary(Sample.hangzhou())
                == "  hangzhou 10.251.0.1: 0 clients; hongkong (accepts) up, RTT 40 ms")
    }

    @Test func aLinkThatIsDownSaysWhy() {
        let text = StatusText.render(Sample.hongkong(linkState: .down))
        #expect(text.contains("  hangzhou: no PUSH_REPLY within 10 s"))
    }

    @Test func durationsAndBytesReadShort() {
        #expect(Durations.age(59) == "59s")
        #expect(Durations.age(3600 * 50) == "2d2h")
        #expect(Durations.rtt(0.00041) == "0.41 ms")
        #expect(Durations.rtt(0.0084) == "8.4 ms")
        #expect(Durations.bytes(999) == "999 B")
        #expect(Durations.bytes(1_500_000_000) == "1.5 GB")
    }
}

@Suite struct StatusDotTests {
    @Test func linksAreColouredByStateAndLabelledWithTheirRoundTrip() {
        for (state, colour) in [(LinkStatus.State.up, "forestgreen"), (.connecting, "orange"), (.down, "red")] {
            let dot = StatusDot.render([Sample.hongkong(linkState: state)])
            #expect(dot.contains("\"hongkong\" -> \"hangzhou\" [label=\"\(state.rawValue)\\n38 ms\\nloss 5%\""))
            #expect(dot.contains("color=\(colour)"))
        }
    }

    @Test func aPeerWithoutItsOwnViewIsDashedAndKnownServersShowClientCounts() {
        let dot = StatusDot.render([Sample.hongkong()])
        #expect(dot.contains("\"hongkong\" [label=\"hongkong\\n10.249.0.1\\n1 client\"];"))
        #expect(dot.contains("\"hangzhou\" [style=\"rounded,dashed\"];"))
    }

    @Test func bothEndsOfALinkMakeOneEdgeWithTheDiallersView() {
        let dot = StatusDot.render([Sample.hangzhou(), Sample.hongkong()])
        let edges = dot.split(separator: "\n").filter { $0.contains("->") }
        #expect(edges.count == 1)
        #expect(edges.first?.contains("38 ms") == true)
        #expect(!dot.contains("dashed\"];"))
        #expect(dot.contains("\"hangzhou\" [label=\"hangzhou\\n10.251.0.1\\n0 clients\"];"))
    }
}
