// PingMatrix: who pings whom in `lab status`, and what the answers mean (pure). Every node
// (server, client, site host) pings every other node's LAN address: a server's tunnel address,
// a client's lease, a site host's address on its site LAN.

import Foundation
import LanValues

/// One ping of the matrix and its outcome.
public struct PingResult: Codable, Equatable, Sendable {
    public var from: String
    public var to: String
    public var address: IPv4Address
    public var ok: Bool
    /// Round-trip time in milliseconds, when a reply came.
    public var rttMs: Double?

    public init(from: String, to: String, address: IPv4Address, ok: Bool, rttMs: Double?) {
        self.from = from
        self.to = to
        self.address = address
        self.ok = ok
        self.rttMs = rttMs
    }
}

/// The pairs of the matrix and their evaluation.
public enum PingMatrix {
    /// One ping to make: from `from`'s namespace to `to`'s LAN address.
    public struct Pair: Equatable, Sendable {
        public var from: LabNode
        public var to: LabNode
    }

    /// Every ordered pair of distinct nodes, sources and targets in layout order.
    public static func pairs(_ layout: LabLayout) -> [Pair] {
        layout.nodes.flatMap { from in
            layout.nodes.filter { $0.name != from.name }.map { Pair(from: from, to: $0) }
        }
    }

    /// The result of `ping -c 1` given its exit status and output.
    public static func result(of pair: Pair, status: Int32, output: String) -> PingResult {
        let rtt = status == 0 ? roundTrip(output) : nil
        return PingResult(
            from: pair.from.name, to: pair.to.name, address: pair.to.lanAddress, ok: status == 0, rttMs: rtt)
    }

    /// The `time=0.123 ms` of a ping reply line, in milliseconds.
    public static func roundTrip(_ output: String) -> Double? {
        guard let range = output.range(of: "time=") else { return nil }
        let number = output[range.upperBound...].prefix { $0.isNumber || $0 == "." }
        return Double(number)
    }

    /// The matrix as text: a row per source, a column per target (numbered, named in the
    /// header), `ok` for a reply, `--` for none, `.` on the diagonal; then a summary line.
    public static func text(nodes: [String], results: [PingResult]) -> String {
        var byPair: [String: PingResult] = [:]
        for result in results { byPair["\(result.from)\u{0}\(result.to)"] = result }
        let width = max(4, (nodes.map(\.count).max() ?? 0) + 1)
        let pad = { (text: String, count: Int) in text + String(repeating: " ", count: max(0, count - text.count)) }
        var lines = ["ping matrix (row pings column):"]
        lines.append(pad("", width + 4) + nodes.indices.map { pad(String($0 + 1), 4) }.joined())
        for (row, source) in nodes.enumerated() {
            let cells = nodes.map { target -> String in
                guard target != source else { return pad(".", 4) }
                guard let result = byPair["\(source)\u{0}\(target)"] else { return pad(" ", 4) }
                return pad(result.ok ? "ok" : "--", 4)
            }
            lines.append(pad(String(row + 1), 4) + pad(source, width) + cells.joined())
        }
        lines.append(summary(results))
        return lines.map { $0.replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression) }
            .joined(separator: "\n")
    }

    /// `N of M pairs reply; median round trip X ms` and the failing pairs, if any.
    public static func summary(_ results: [PingResult]) -> String {
        let replied = results.filter(\.ok)
        let times = replied.compactMap(\.rttMs).sorted()
        var line = "\(replied.count) of \(results.count) pairs reply"
        if !times.isEmpty { line += String(format: "; median round trip %.3f ms", times[times.count / 2]) }
        let failed = results.filter { !$0.ok }
        if !failed.isEmpty {
            line +=
                "\nno reply: "
                + failed.prefix(20).map { "\($0.from) → \($0.to) (\($0.address))" }
                .joined(separator: ", ")
            if failed.count > 20 { line += ", and \(failed.count - 20) more" }
        }
        return line
    }
}
