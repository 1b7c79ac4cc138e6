// `lanstitch bundle INVENTORY --server S --out DIR` and
// `lanstitch export openvpn INVENTORY --server S --out DIR`.

import ArgumentParser
import LanPKI
import LanState

struct BundleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bundle",
        abstract: "Write everything server S needs: server.yaml, certificates, keys, CRL, systemd unit, sysctl.")

    @Argument(help: "The inventory YAML file.")
    var inventory: String

    @Option(name: .long, help: "The server.")
    var server: String

    @Option(name: .long, help: "The folder to write (created if missing).")
    var out: String

    func run() throws {
        do {
            let workspace = try Workspace.open(inventory)
            let planned = try workspace.plan()
            let files = try ServerBundle.files(server, workspace: workspace, plan: planned.plan, book: planned.book)
            try ServerBundle.write(files, to: out)
            print(
                "wrote \(files.count) files for server \(server) to \(out): \(files.map(\.name).joined(separator: ", "))"
            )
        } catch {
            throw Output.fail(error)
        }
    }
}

struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export a server's plan for other software.",
        subcommands: [ExportOpenVPNCommand.self])
}

struct ExportOpenVPNCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "openvpn",
        abstract: "Write a stock OpenVPN 2.6 server.conf, ccd/ and uplink client configs realising server S's plan.")

    @Argument(help: "The inventory YAML file.")
    var inventory: String

    @Option(name: .long, help: "The server.")
    var server: String

    @Option(name: .long, help: "The folder to write (created if missing).")
    var out: String

    func run() throws {
        do {
            let workspace = try Workspace.open(inventory)
            let planned = try workspace.plan()
            let files = try OpenVPNExport.files(server, workspace: workspace, plan: planned.plan, book: planned.book)
            try ServerBundle.write(files, to: out)
            print(
                "wrote \(files.count) files for server \(server) to \(out); run: openvpn --cd \(out) --config server.conf"
            )
        } catch {
            throw Output.fail(error)
        }
    }
}
