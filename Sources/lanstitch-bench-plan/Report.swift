// The benchmark's printed report: a table of stages, the size of what was produced, and the
// one summary line compared against DESIGN.md's target (1,000 servers in under 1 s and 500 MB).

import Foundation
import LanPlan
import LanTestKit
import LanValues

/// Prints benchmark figures.
enum Report {
    /// The stage table, what was produced, and the summary line.
    static func table(
        _ stopwatch: Stopwatch, plan: LanPlan, shape: BenchmarkShape, yamlBytes: Int, jsonBytes: Int?
    ) {
        #if DEBUG
            print("note: debug build; run scripts/bench-planner for release figures")
        #endif
        print(
            "inventory: \(shape.servers) servers in \(shape.regions) regions, \(shape.clients) clients, "
                + "\(count(yamlBytes)) bytes of YAML")
        print(pad("stage", 20) + pad("time", 12, right: true) + pad("peak RSS", 12, right: true))
        for stage in stopwatch.stages {
            let label = stage.counted ? stage.name : "\(stage.name) *"
            print(
                pad(label, 20) + pad(seconds(stage.seconds), 12, right: true)
                    + pad(megabytes(stage.peakBytes), 12, right: true))
        }
        let total = stopwatch.stages.filter(\.counted).reduce(0) { $0 + $1.seconds }
        print(pad("total", 20) + pad(seconds(total), 12, right: true) + "   decode + validate + plan (* not in total)")
        print(produced(plan))
        if let jsonBytes { print("JSON: \(count(jsonBytes)) bytes for \(plan.servers.count) server plans") }
        let planSeconds = String(format: "%.2f", stopwatch.seconds(of: "plan"))
        let peak = stopwatch.peakBytes(after: "plan") / 1_000_000
        print(
            "planner: \(shape.servers) servers, \(shape.clients) clients: plan \(planSeconds) s, "
                + "peak RSS \(peak) MB (target < 1 s, < 500 MB)")
    }

    /// What the plan holds: route, link and lease counts.
    static func produced(_ plan: LanPlan) -> String {
        var routes = 0
        var unreachable = 0
        var kernel = 0
        var pushed = 0
        var leases = 0
        for server in plan.servers {
            routes += server.internalRoutes.count
            unreachable += server.internalRoutes.reduce(0) { $0 + ($1.via == .unreachable ? 1 : 0) }
            kernel += server.kernelRoutes.count
            pushed += server.pushedRoutes.count
            leases += server.clients.count
        }
        return "produced: \(count(routes)) internal routes (\(count(unreachable)) unreachable), \(count(kernel)) "
            + "kernel routes, \(count(pushed)) pushed routes, \(count(plan.links.count)) links, \(count(leases)) leases"
    }

    /// Prints the first problems of a failed stage to standard error.
    static func problems(_ what: String, _ diagnostics: [Diagnostic]) {
        var text = "lanstitch-bench-plan: \(what) has \(diagnostics.count) problems:\n"
        text += diagnostics.prefix(10).map { "  \($0)\n" }.joined()
        FileHandle.standardError.write(Data(text.utf8))
    }

    static func seconds(_ value: Double) -> String { String(format: "%.3f s", value) }

    static func megabytes(_ bytes: Int) -> String { "\(bytes / 1_000_000) MB" }

    /// 1234567 as "1,234,567".
    static func count(_ value: Int) -> String {
        let digits = String(value)
        var out = ""
        for (offset, digit) in digits.enumerated() {
            if offset > 0, (digits.count - offset) % 3 == 0 { out.append(",") }
            out.append(digit)
        }
        return out
    }

    /// `text` padded with spaces to `width`, on the left when `right`.
    static func pad(_ text: String, _ width: Int, right: Bool = false) -> String {
        let fill = String(repeating: " ", count: max(0, width - text.count))
        return right ? fill + text : text + fill
    }
}
