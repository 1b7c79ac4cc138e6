// `lanstitch check INVENTORY`: validate only; exit 0, or every problem as file:line:col and 1.
// Warnings (file:line:col: warning: …) are printed too and do not change the exit code.

import ArgumentParser
import LanInventory
import LanState
import LanValues

struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Validate an inventory and report every problem with file:line:col. Writes nothing.")

    @Argument(help: "The inventory YAML file.")
    var inventory: String

    func run() throws {
        let problems = Workspace.check(inventory)
        guard problems.isEmpty else {
            Output.report(problems)
            Output.standardError("\(problems.count) problem\(problems.count == 1 ? "" : "s") found in \(inventory)")
            throw ExitCode(1)
        }
        let workspace = try Workspace.open(inventory)
        Output.report(InventoryValidator.warnings(workspace.inventory))
        let servers = workspace.inventory.servers.count
        let clients = workspace.inventory.clients.count
        print(
            "\(inventory): ok (\(servers) server\(servers == 1 ? "" : "s"), \(clients) client\(clients == 1 ? "" : "s"), topology \(workspace.inventory.topology.value.rawValue))"
        )
    }
}
