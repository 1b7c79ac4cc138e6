// The metrics endpoint's HTTP parser under good and hostile input: complete and partial heads,
// every split point, oversized heads, garbage, wrong versions, seeded random bytes; and the
// answers it leads to.

import Testing

@testable import LanControl

@Suite struct HTTPRequestHeadTests {
    let get = Array("GET /metrics HTTP/1.1\r\nHost: 10.251.0.1:9217\r\nUser-Agent: Prometheus/2.42.0\r\n\r\n".utf8)

    @Test func aCompleteGetParsesAndEveryShorterPrefixIsIncomplete() {
        #expect(HTTPRequestHead.parse(get) == .request(method: "GET", target: "/metrics"))
        for end in 0..<get.count {
            #expect(HTTPRequestHead.parse(Array(get[..<end])) == .incomplete, "prefix of \(end) bytes")
        }
        #expect(
            HTTPRequestHead.parse(Array("HEAD /metrics?x=1 HTTP/1.0\n\n".utf8))
                == .request(method: "HEAD", target: "/metrics?x=1"))
    }

    @Test func anOversizedHeadIsRefusedWithOrWithoutItsEnd() {
        let endless = Array("GET /metrics HTTP/1.1\r\nX: ".utf8) + [UInt8](repeating: 97, count: 9000)
        #expect(HTTPRequestHead.parse(endless) == .invalid(status: 431, reason: "request head too large"))
        #expect(
            HTTPRequestHead.parse(endless + Array("\r\n\r\n".utf8))
                == .invalid(status: 431, reason: "request head too large"))
        #expect(HTTPRequestHead.parse([UInt8](repeating: 10, count: 1) + endless) != .incomplete)
    }

    @Test func garbageIsABadRequest() {
        for text in [
            "garbage\r\n\r\n", "GET\r\n\r\n", "GET  /metrics HTTP/1.1\r\n\r\n", "GET metrics HTTP/1.1\r\n\r\n",
            "G(T /metrics HTTP/1.1\r\n\r\n", "GET /metrics HTTP/1.1\r\nno colon here\r\n\r\n",
            "GET /metrics HTTP/1.1\r\n: empty name\r\n\r\n", "GET /met\u{7}rics HTTP/1.1\r\n\r\n",
            "GET /metrics HTTP/1.1\r\nX: a\u{1}b\r\n\r\n",
        ] {
            guard case .invalid(400, _) = HTTPRequestHead.parse(Array(text.utf8)) else {
                Issue.record("not refused: \(text.debugDescription) → \(HTTPRequestHead.parse(Array(text.utf8)))")
                continue
            }
        }
        #expect(
            HTTPRequestHead.parse(Array("GET /metrics HTTP/2.0\r\n\r\n".utf8))
                == .invalid(status: 505, reason: "only HTTP/1.x is served"))
    }

    @Test func randomBytesNeverMakeARequestOrAnUnboundedWait() {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next() -> UInt8 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return UInt8(truncatingIfNeeded: state >> 33)
        }
        for length in stride(from: 1, to: 20000, by: 397) {
            let bytes = (0..<length).map { _ in next() }
            switch HTTPRequestHead.parse(bytes) {
            case .request(let method, let target): Issue.record("random bytes made \(method) \(target)")
            case .incomplete: #expect(bytes.count <= HTTPRequestHead.maxBytes)
            case .invalid: break
            }
        }
    }

    @Test func answersRouteMetricsOnlyAndCloseTheConnection() {
        func answer(_ outcome: HTTPRequestHead.Outcome) -> String {
            String(decoding: MetricsRoute.respond(to: outcome) { "m 1\n" }, as: UTF8.self)
        }
        let ok = answer(.request(method: "GET", target: "/metrics"))
        #expect(ok.hasPrefix("HTTP/1.1 200 OK\r\n") && ok.hasSuffix("\r\n\r\nm 1\n"))
        #expect(ok.contains("Content-Type: text/plain; version=0.0.4; charset=utf-8\r\n"))
        #expect(ok.contains("Content-Length: 4\r\n") && ok.contains("Connection: close\r\n"))
        let head = answer(.request(method: "HEAD", target: "/metrics"))
        #expect(head.contains("Content-Length: 4\r\n") && head.hasSuffix("\r\n\r\n"))
        #expect(answer(.request(method: "GET", target: "/")).hasPrefix("HTTP/1.1 404 Not Found"))
        #expect(answer(.request(method: "POST", target: "/metrics")).hasPrefix("HTTP/1.1 405 Method Not Allowed"))
        #expect(answer(.invalid(status: 431, reason: "x")).hasPrefix("HTTP/1.1 431 Request Header Fields Too Large"))
        #expect(answer(.incomplete).hasPrefix("HTTP/1.1 408 Request Timeout"))
    }
}
