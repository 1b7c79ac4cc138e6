// `lanstitch client add NAME --server S [--out FILE] -i INVENTORY` and
// `lanstitch client revoke NAME -i INVENTORY`.

import ArgumentParser
import Foundation
import LanPKI
import LanState
import LanValues

struct ClientCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "client",
        abstract: "Issue or revoke a member's profile.",
        subcommands: [ClientAddCommand.self, ClientRevokeCommand.self])
}

struct ClientAddCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "Issue a certificate, lease a stable address and write the member's .ovpn profile.",
        discussion: "Works for clients of the inventory and for ad-hoc ones (recorded in the state folder).")

    @Argument(help: "The client's name.")
    var name: String

    @Option(name: .long, help: "The client's home server.")
    var server: String

    @Option(name: .long, help: "Where to write the profile (default: NAME.ovpn in the current folder).")
    var out: String?

    @Option(name: .shortAndLong, help: "The inventory YAML file.")
    var inventory: String

    func run() throws {
        do {
            let workspace = try Workspace.open(inventory)
            let added = try ClientRegistry.add(
                name, server: server, workspace: workspace, now: Int64(Date().timeIntervalSince1970))
            let path = out ?? "\(name).ovpn"
            try AtomicFile.write(Data(added.profile.utf8), to: path, mode: 0o600)
            let kind = added.adhoc ? "ad-hoc client" : "client"
            print("wrote \(path): \(kind) \(name), address \(added.address) on server \(added.server)")
            print("The profile holds \(name)'s private key: hand it over privately.")
        } catch {
            throw Output.fail(error)
        }
    }
}

struct ClientRevokeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "revoke",
        abstract: "Revoke a member's certificate and write a new CRL.")

    @Argument(help: "The client's name.")
    var name: String

    @Option(name: .shortAndLong, help: "The inventory YAML file.")
    var inventory: String

    func run() throws {
        do {
            let workspace = try Workspace.open(inventory)
            let revoked = try ClientRegistry.revoke(
                name, workspace: workspace, now: Int64(Date().timeIntervalSince1970))
            print("revoked \(name) (serial \(revoked.serial)); the new CRL is \(PKIFiles(state: workspace.state).crl)")
            if revoked.stillListed {
                print(
                    "\(name) is still listed in \(inventory): remove it there, or `lanstitch init` will leave it without a certificate."
                )
            }
            print(
                "Servers refuse \(name) once they have the new CRL: rebuild their bundles (`lanstitch bundle`) and deploy."
            )
        } catch {
            throw Output.fail(error)
        }
    }
}
