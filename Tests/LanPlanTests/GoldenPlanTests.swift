// Golden plans: the text and JSON plans of the three example inventories are pinned in
// Tests/LanPlanTests/Golden. After an intended change, regenerate them with
//   LANSTITCH_UPDATE_GOLDEN=1 swift test --filter GoldenPlanTests
// and review the diff like any other change.

import Foundation
import LanPlan
import Testing

@Suite struct GoldenPlanTests {
    static let goldenFolder = repositoryRoot.appendingPathComponent("Tests/LanPlanTests/Golden")

    func compare(_ rendered: String, golden name: String) throws {
        let url = Self.goldenFolder.appendingPathComponent(name)
        if ProcessInfo.processInfo.environment["LANSTITCH_UPDATE_GOLDEN"] == "1" {
            try FileManager.default.createDirectory(at: Self.goldenFolder, withIntermediateDirectories: true)
            try rendered.write(to: url, atomically: true, encoding: .utf8)
            return
        }
        let expected = try String(contentsOf: url, encoding: .utf8)
        if rendered != expected {
            let got = rendered.split(separator: "\n", omittingEmptySubsequences: false)
            let want = expected.split(separator: "\n", omittingEmptySubsequences: false)
            let line = Array(zip(got, want)).firstIndex { $0 != $1 } ?? min(got.count, want.count)
            Issue.record(
                "\(name) differs at line \(line + 1): got '\(line < got.count ? got[line] : "<end>")', golden '\(line < want.count ? want[line] : "<end>")'"
            )
        }
    }

    @Test(arguments: ["gaming", "office", "global"])
    func examplePlansMatchGolden(_ name: String) throws {
        let outcome = try planOrFail(try loadExample(name))
        let plan = try #require(outcome.plan)
        try compare(PlanText.render(plan), golden: "\(name).txt")
        try compare(PlanJSON.render(plan), golden: "\(name).json")
        try compare(PlanDot.render(plan), golden: "\(name).dot")
    }
}
