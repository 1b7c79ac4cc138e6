// The drill commands of DESIGN.md: `lab link INVENTORY A B down|up`, `lab stop INVENTORY S
// [--signal term|kill]` (or `--kill`) and `lab start INVENTORY S` parse; anything else is refused.

import ArgumentParser
import LanLab
import Testing

@testable import LanCommands

@Suite struct LabDrillArgumentTests {
    @Test func linkTakesTwoNodesAndDownOrUp() throws {
        let down = try #require(
            try Lanstitch.parseAsRoot(["lab", "link", "inv.yaml", "a", "c", "down"]) as? LabLinkCommand)
        #expect(down.inventory == "inv.yaml" && down.a == "a" && down.b == "c" && down.state == .down)
        let up = try #require(
            try Lanstitch.parseAsRoot(["lab", "link", "inv.yaml", "c", "a", "up"]) as? LabLinkCommand)
        #expect(up.state == .up)
        #expect(throws: (any Error).self) { try Lanstitch.parseAsRoot(["lab", "link", "inv.yaml", "a", "c", "cut"]) }
        #expect(throws: (any Error).self) { try Lanstitch.parseAsRoot(["lab", "link", "inv.yaml", "a", "down"]) }
    }

    @Test func stopIsGracefulUnlessToldToKill() throws {
        let term = try #require(try Lanstitch.parseAsRoot(["lab", "stop", "inv.yaml", "b"]) as? LabStopCommand)
        #expect(term.node == "b" && term.signal == .term && !term.kill)
        let kill = try #require(
            try Lanstitch.parseAsRoot(["lab", "stop", "inv.yaml", "b", "--signal", "kill"]) as? LabStopCommand)
        #expect(kill.signal == .kill)
        let flag = try #require(
            try Lanstitch.parseAsRoot(["lab", "stop", "inv.yaml", "b", "--kill"]) as? LabStopCommand)
        #expect(flag.kill)
        #expect(throws: (any Error).self) {
            try Lanstitch.parseAsRoot(["lab", "stop", "inv.yaml", "b", "--signal", "hup"])
        }
    }

    @Test func startTakesOneNode() throws {
        let start = try #require(try Lanstitch.parseAsRoot(["lab", "start", "inv.yaml", "b"]) as? LabStartCommand)
        #expect(start.inventory == "inv.yaml" && start.node == "b")
        #expect(throws: (any Error).self) { try Lanstitch.parseAsRoot(["lab", "start", "inv.yaml"]) }
    }
}
