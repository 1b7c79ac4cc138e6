// MetricsWriter: writes the lines of the Prometheus text format 0.0.4 — HELP and TYPE once
// per family, then samples with escaped label values and numbers Prometheus reads.

import Foundation

/// Accumulates exposition text.
struct MetricsWriter {
    enum Kind: String { case counter, gauge }

    private(set) var text = ""

    /// Starts a family: `# HELP` and `# TYPE` lines.
    mutating func family(_ name: String, _ kind: Kind, _ help: String) {
        text += "# HELP \(name) \(Self.escapeHelp(help))\n# TYPE \(name) \(kind.rawValue)\n"
    }

    /// One sample line.
    mutating func sample(_ name: String, _ labels: [(String, String)], _ value: Double) {
        text += name
        if !labels.isEmpty {
            text += "{" + labels.map { "\($0.0)=\"\(Self.escapeLabel($0.1))\"" }.joined(separator: ",") + "}"
        }
        text += " " + Self.number(value) + "\n"
    }

    /// A counter family with one unlabelled sample.
    mutating func counter(_ name: String, _ help: String, _ value: Int) {
        family(name, .counter, help)
        sample(name, [], Double(value))
    }

    /// Integers without a decimal point; others in Swift's shortest exact form; NaN and ±Inf
    /// as Prometheus spells them.
    static func number(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value > 0 ? "+Inf" : "-Inf" }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return "\(value)"
    }

    /// Label values escape backslash, double quote and newline.
    static func escapeLabel(_ value: String) -> String {
        value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            .replacingOccurrences(of: "\n", with: "\\n")
    }

    /// HELP text escapes backslash and newline.
    static func escapeHelp(_ value: String) -> String {
        value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\n", with: "\\n")
    }
}
