// InventoryHarness: the inventory loader (issue 16, item 9, ninth priority) — YAML with source
// positions, decoding, validation, and the planner for an inventory that checks clean — with
// a time limit per input (`timeoutSeconds`, libFuzzer's -timeout), since YAML aliases can make
// small text expensive. Invariant: every problem is placed inside the text (line 0 only for
// the file as a whole).
//
// Input: inventory text (UTF-8, invalid bytes replaced).

import LanInventory
import LanPlan
import LanValues

/// InventoryLoader.load(text:file:) and Planner.plan.
enum InventoryHarness {
    static let harness = FuzzHarness(
        name: "inventory",
        summary: "the YAML inventory loader, validator and (for a clean inventory) the planner, time-limited",
        maxLength: 4096, timeoutSeconds: 2
    ) { run($0) }

    static let file = "fuzz.yaml"

    static func run(_ bytes: [UInt8]) {
        let text = String(decoding: bytes, as: UTF8.self)
        let lines = lineCount(text)
        let loaded = InventoryLoader.load(text: text, file: file)
        for problem in loaded.diagnostics {
            fuzzRequire(problem.location.file == file, "a problem placed in \(problem.location.file)")
            fuzzRequire(
                (0...lines + 1).contains(problem.location.line),
                "line \(problem.location.line) of a \(lines)-line inventory: \(problem)")
        }
        guard let inventory = loaded.inventory, loaded.diagnostics.isEmpty else { return }
        _ = Planner.plan(inventory, book: AddressBook())
    }

    /// Lines as YAML counts them: CR LF, CR, LF, NEL, LS and PS each end one.
    static func lineCount(_ text: String) -> Int {
        var lines = 1
        var afterCR = false
        for scalar in text.unicodeScalars {
            if scalar == "\n" && afterCR {
                afterCR = false
                continue
            }
            afterCR = scalar == "\r"
            if ["\n", "\r", "\u{85}", "\u{2028}", "\u{2029}"].contains(scalar) { lines += 1 }
        }
        return lines
    }
}
