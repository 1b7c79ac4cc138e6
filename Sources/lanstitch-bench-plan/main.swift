// lanstitch-bench-plan: how long planning a large LAN takes and how much memory it needs.
//
// Stages, each timed (wall clock) with the peak RSS after it:
//   1. generate — the benchmark inventory as YAML text (LanTestKit; not in the total);
//   2. decode + validate — InventoryLoader.load(text:file:), the real path from text;
//   3. plan — Planner.plan: address plan, links, every server's routes;
//   4. render JSON — PlanJSON of every server's plan, one server at a time, as a deploy would
//      (not in the total; skipped with --no-json).
// It asserts nothing about time; it exits non-zero only when the inventory or the plan has
// problems (or the arguments are wrong).

import Foundation
import LanInventory
import LanPlan
import LanTestKit

let options: Options
do {
    options = try Options.parse(Array(CommandLine.arguments.dropFirst()))
} catch .help {
    print(Options.usage)
    exit(0)
} catch .invalid(let message) {
    FileHandle.standardError.write(Data("lanstitch-bench-plan: \(message)\n\(Options.usage)\n".utf8))
    exit(2)
}

let shape = options.shape
var stopwatch = Stopwatch()
let yaml = stopwatch.measure("generate YAML", counted: false) { InventoryGenerator.benchmarkYAML(shape) }
let loaded = stopwatch.measure("decode + validate") { InventoryLoader.load(text: yaml, file: "benchmark.yaml") }
guard let inventory = loaded.inventory, loaded.diagnostics.isEmpty else {
    Report.problems("the generated inventory", loaded.diagnostics)
    exit(1)
}
let outcome = stopwatch.measure("plan") { Planner.plan(inventory, book: AddressBook()) }
guard let plan = outcome.plan, outcome.diagnostics.isEmpty else {
    Report.problems("the plan", outcome.diagnostics)
    exit(1)
}
var jsonBytes: Int?
if options.renderJSON {
    jsonBytes = stopwatch.measure("render JSON", counted: false) {
        plan.servers.reduce(0) { $0 + PlanJSON.render(plan, only: [$1.name]).utf8.count }
    }
}
Report.table(stopwatch, plan: plan, shape: shape, yamlBytes: yaml.utf8.count, jsonBytes: jsonBytes)
