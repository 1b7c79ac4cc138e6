// The command-line contract of DESIGN.md: names and options that scripts depend on parse, and
// wrong ones are refused. (scripts/test-cli runs the real binary end to end.)

import ArgumentParser
import Testing

@testable import LanCommands

@Suite struct ArgumentTests {
    @Test func planAcceptsTheContractOptions() throws {
        let command = try Lanstitch.parseAsRoot([
            "plan", "inv.yaml", "--server", "hongkong", "--format", "json", "--fail", "a-b", "--fail", "c-d",
        ])
        let plan = try #require(command as? PlanCommand)
        #expect(plan.inventory == "inv.yaml")
        #expect(plan.server == ["hongkong"])
        #expect(plan.format == .json)
        #expect(plan.fail == ["a-b", "c-d"])
    }

    @Test func checkTakesOneInventory() throws {
        let command = try Lanstitch.parseAsRoot(["check", "inv.yaml"])
        #expect((command as? CheckCommand)?.inventory == "inv.yaml")
        #expect(throws: (any Error).self) { try Lanstitch.parseAsRoot(["check"]) }
    }

    @Test func unknownFormatsAndCommandsAreRefused() {
        #expect(throws: (any Error).self) { try Lanstitch.parseAsRoot(["plan", "inv.yaml", "--format", "yaml"]) }
        #expect(throws: (any Error).self) { try Lanstitch.parseAsRoot(["plna", "inv.yaml"]) }
    }
}
