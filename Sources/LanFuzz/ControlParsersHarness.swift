// ControlParsersHarness: the bounded request parsers of LanControl (issue 16, item 9, seventh
// priority) — the HTTP request head of /metrics and the control socket's JSON request line.
// Invariants: a head that parsed complete parses the same with more bytes after it; every
// outcome gets an HTTP response that states its own body length; a head found invalid after an
// earlier read stays invalid, for the same reason, however many bytes follow.
//
// Input: split(1) | bytes — the bytes as an HTTP head received so far (and its first
// 1 + split * 16 bytes as an earlier read), and as one control request line.

import LanControl

/// HTTPRequestHead.parse, MetricsRoute.respond and ControlRequest.parse.
enum ControlParsersHarness {
    static let harness = FuzzHarness(
        name: "control-parsers",
        summary: "the /metrics HTTP request head parser and the control socket's JSON request line",
        maxLength: 10000
    ) { run($0) }

    static func run(_ bytes: [UInt8]) {
        var input = FuzzInput(bytes)
        let split = 1 + Int(input.byte()) * 16
        let head = input.rest()
        let outcome = HTTPRequestHead.parse(head)
        if case .request = outcome {
            fuzzRequire(
                HTTPRequestHead.parse(head + Array("X-More: 1\r\n".utf8)) == outcome, "more bytes changed a head")
        }
        let early = HTTPRequestHead.parse(Array(head.prefix(split)))
        if split < head.count, case .invalid = early {
            fuzzRequire(outcome == early, "a head invalid after \(split) bytes is \(outcome) with more")
        }
        let response = MetricsRoute.respond(to: outcome) { "lanstitch_up 1\n" }
        checkLength(response)
        _ = ControlRequest.parse(head.prefix(ControlRequest.maxBytes))
    }

    /// The response's Content-Length is its body's length (a HEAD answer carries none).
    static func checkLength(_ response: [UInt8]) {
        let text = String(decoding: response, as: UTF8.self)
        guard let split = text.range(of: "\r\n\r\n") else { return fuzzRequire(false, "a response without a head") }
        let head = text[..<split.lowerBound]
        let body = response.count - text.utf8.distance(from: text.startIndex, to: split.upperBound)
        guard let line = head.split(separator: "\r\n").first(where: { $0.hasPrefix("Content-Length: ") }),
            let length = Int(line.dropFirst("Content-Length: ".count))
        else { return fuzzRequire(false, "a response without Content-Length") }
        fuzzRequire(body == length || body == 0, "Content-Length \(length) for a \(body)-byte body")
    }
}
