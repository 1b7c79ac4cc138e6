// The Prometheus text format 0.0.4 of a live view: every line is a comment or a well-formed
// sample, every family is announced once before its samples, label values are escaped, and drop
// reasons become bounded snake_case labels.

import Foundation
import Testing

@testable import LanStatus

@Suite struct MetricsTextTests {
    let text = MetricsText.render(
        Sample.hongkong(), process: ProcessSample(residentBytes: 12_345_678, cpuSeconds: 1.25, startTime: 1_700_000_000)
    )

    @Test func everyLineIsHelpTypeOrAWellFormedSample() throws {
        let sample = try Regex(#"^[a-zA-Z_:][a-zA-Z0-9_:]*(\{([a-zA-Z_][a-zA-Z0-9_]*="([^"\\\n]|\\.)*",?)*\})? \S+$"#)
        var announced: [String] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false).dropLast() {
            if line.hasPrefix("# TYPE ") {
                let parts = line.split(separator: " ")
                #expect(parts.count == 4 && ["counter", "gauge"].contains(parts[3]), "\(line)")
                #expect(!announced.contains(String(parts[2])), "family \(parts[2]) announced twice")
                announced.append(String(parts[2]))
            } else if line.hasPrefix("# HELP ") {
                continue
            } else {
                #expect(line.wholeMatch(of: sample) != nil, "not a sample: \(line)")
                let name = String(line.prefix { $0 != "{" && $0 != " " })
                #expect(announced.last == name, "\(name) outside its family")
                #expect(Double(line.split(separator: " ").last!) != nil, "\(line)")
            }
        }
        #expect(text.hasSuffix("\n"))
    }

    @Test func theConventionalSeriesAreThere() {
        for line in [
            #"lanstitch_link_up{peer="hangzhou",link_direction="dials"} 1"#,
            #"lanstitch_link_rtt_seconds{peer="hangzhou",link_direction="dials"} 0.0384"#,
            #"lanstitch_link_bytes_total{peer="hangzhou",link_direction="dials",direction="in"} 1234567"#,
            #"lanstitch_link_packets_total{peer="hangzhou",link_direction="dials",direction="out"} 12"#,
            "lanstitch_clients_connected 1", #"lanstitch_client_bytes_total{direction="out"} 2048"#,
            #"lanstitch_handshakes_total{result="refused"} 1"#,
            #"lanstitch_packets_dropped_total{reason="front_door_not_an_authentic_hard_reset"} 7"#,
            "lanstitch_route_reconciliations_total 1", "process_resident_memory_bytes 12345678",
            "process_cpu_seconds_total 1.25", "process_start_time_seconds 1700000000",
        ] {
            #expect(text.contains("\n" + line + "\n"), "missing: \(line)")
        }
        #expect(text.contains("# TYPE lanstitch_link_bytes_total counter"))
        #expect(text.contains("# TYPE lanstitch_link_up gauge"))
    }

    @Test func aLinkWithoutAProbeReplyHasNoRoundTripSample() {
        var status = Sample.hongkong(linkState: .down)
        status.links[0].rttSeconds = nil
        let text = MetricsText.render(status, process: nil)
        #expect(text.contains(#"lanstitch_link_up{peer="hangzhou",link_direction="dials"} 0"#))
        #expect(!text.contains("lanstitch_link_rtt_seconds{"))
        #expect(!text.contains("process_"))
    }

    @Test func labelValuesAreEscapedAndDropReasonsBecomeSnakeCase() {
        var writer = MetricsWriter()
        writer.sample("x", [("peer", "a\"b\\c\nd")], 1)
        #expect(writer.text == #"x{peer="a\"b\\c\nd"} 1"# + "\n")
        #expect(MetricsText.reasonLabel("data: replay") == "data_replay")
        #expect(MetricsText.reasonLabel("tcp: bad packet length") == "tcp_bad_packet_length")
        #expect(MetricsText.reasonLabel("—: ") == "other")
        #expect(MetricsWriter.number(.nan) == "NaN" && MetricsWriter.number(-.infinity) == "-Inf")
        #expect(MetricsWriter.number(3) == "3" && MetricsWriter.number(0.5) == "0.5")
    }
}
