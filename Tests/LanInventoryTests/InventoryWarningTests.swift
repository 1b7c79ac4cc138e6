// Tests of `check`'s warnings: an explicit pool over a home-router range is warned about at its
// file:line:col; the inventory stays valid.

import LanInventory
import LanValues
import Testing

@Suite struct InventoryWarningTests {
    func warnings(_ yaml: String) throws -> [String] {
        let loaded = InventoryLoader.load(text: yaml, file: "inv.yaml")
        #expect(loaded.diagnostics.isEmpty)
        return InventoryValidator.warnings(try #require(loaded.inventory)).map {
            "\($0.location.line):\($0.location.column): \($0.message)"
        }
    }

    @Test func poolsOutsideHomeRangesDrawNoWarning() throws {
        #expect(try warnings(validYAML).isEmpty)
    }

    @Test func aPoolOverAHomeRouterRangeIsWarnedAbout() throws {
        let yaml = validYAML.replacingOccurrences(of: "pools: [10.249.0.0/16]", with: "pools: [10.0.0.0/15]")
        let found = try warnings(yaml)
        #expect(found.count == 2)
        let first = "8:13: warning: pool 10.0.0.0/15 of server hongkong overlaps 10.0.0.0/16"
        #expect(found.first?.hasPrefix(first) == true)
        #expect(found.last?.contains("overlaps 10.1.0.0/16") == true)
        #expect(found.allSatisfy { $0.contains("remove 'pools:' to let lanstitch choose") })
    }
}
