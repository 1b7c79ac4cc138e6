// The `lanstitch lab` contract of DESIGN.md: up, down, status [--json] and exec with the command
// after `--` parse; a missing inventory is refused.

import ArgumentParser
import Testing

@testable import LanCommands

@Suite struct LabArgumentTests {
    @Test func upDownAndStatusTakeAnInventory() throws {
        #expect((try Lanstitch.parseAsRoot(["lab", "up", "inv.yaml"]) as? LabUpCommand)?.inventory == "inv.yaml")
        #expect((try Lanstitch.parseAsRoot(["lab", "down", "inv.yaml"]) as? LabDownCommand)?.inventory == "inv.yaml")
        let status = try #require(
            try Lanstitch.parseAsRoot(["lab", "status", "inv.yaml", "--json"]) as? LabStatusCommand)
        #expect(status.inventory == "inv.yaml" && status.json)
        #expect(throws: (any Error).self) { try Lanstitch.parseAsRoot(["lab", "up"]) }
    }

    @Test func execPassesTheCommandAfterTheTerminator() throws {
        let command = try Lanstitch.parseAsRoot([
            "lab", "exec", "inv.yaml", "alice", "--", "ping", "-c", "3", "10.0.0.1",
        ])
        let exec = try #require(command as? LabExecCommand)
        #expect(exec.inventory == "inv.yaml")
        #expect(exec.node == "alice")
        #expect(exec.command == ["ping", "-c", "3", "10.0.0.1"])
    }
}
