// `lanstitch init INVENTORY`: create whatever the LAN's PKI lacks (idempotent).

import ArgumentParser
import Foundation
import LanPKI
import LanState
import LanValues

struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Create the CA, tls-crypt key, server and client certificates and leases (only what is missing).")

    @Argument(help: "The inventory YAML file.")
    var inventory: String

    func run() throws {
        do {
            let workspace = try Workspace.open(inventory)
            let report = try PKIInitializer.ensure(workspace, now: Int64(Date().timeIntervalSince1970))
            for client in report.revokedSkipped {
                Output.standardError(
                    "note: client \(client) is revoked; remove it from the inventory, or `lanstitch client add \(client)` to issue it again"
                )
            }
            if report.created.isEmpty {
                print("\(workspace.state.path): up to date, nothing created")
            } else {
                print("\(workspace.state.path): created \(report.created.count) files")
                for path in report.created { print("  \(path)") }
            }
        } catch {
            throw Output.fail(error)
        }
    }
}
