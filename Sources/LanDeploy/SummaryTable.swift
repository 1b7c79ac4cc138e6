// SummaryTable: what deploy prints at the end (pure) — for --dry-run each server's changes
// first; then per server its host, result, current release, bytes uploaded, whether it
// restarted and how long it took; then the reasons of failures.

import Foundation

public enum SummaryTable {
    public static func lines(_ reports: [ServerReport], dryRun: Bool) -> [String] {
        var rows = [["server", "host", "result", "release", "uploaded", "restarted", "time"]]
        for report in reports {
            rows.append([
                report.target.server, report.target.ssh.description, report.outcome.word, report.release ?? "-",
                report.uploadedBytes == 0 ? "-" : ByteCount.text(report.uploadedBytes),
                report.restarted ? "yes" : "no", String(format: "%.1f s", report.seconds),
            ])
        }
        var lines: [String] = []
        if dryRun {
            for report in reports where !report.details.isEmpty {
                lines.append("\(report.target.server) (\(report.target.ssh)):")
                lines += report.details.map { "  " + $0 }
                lines.append("")
            }
        }
        lines += align(rows)
        for report in reports {
            if let reason = report.outcome.reason { lines.append("\(report.target.server): \(reason)") }
        }
        let failed = reports.filter(\.outcome.isFailure).count
        lines.append(
            failed == 0
                ? "\(reports.count) server\(reports.count == 1 ? "" : "s"): all done"
                : "\(failed) of \(reports.count) servers failed")
        return lines
    }

    /// Columns padded to their widest cell.
    static func align(_ rows: [[String]]) -> [String] {
        let widths = (0..<(rows.first?.count ?? 0)).map { column in rows.map { $0[column].count }.max() ?? 0 }
        return rows.map { row in
            zip(row, widths).map { $0.padding(toLength: $1, withPad: " ", startingAt: 0) }.joined(separator: "  ")
                .trimmingCharacters(in: .whitespaces)
        }
    }
}
