// `lanstitch bundle INVENTORY --server S --out DIR` and
// `lanstitch export openvpn INVENTORY --server S --out DIR`: both render files for one server
// from the plan and write them into a folder.

import ArgumentParser
import LanPKI
import LanState
import LanValues

/// The arguments both commands take.
struct ServerFilesOptions: ParsableArguments {
    @Argument(help: "The inventory YAML file.")
    var inventory: String

    @Option(name: .long, help: "The server.")
    var server: String

    @Option(name: .long, help: "The folder to write (created if missing).")
    var out: String

    /// Plans (recording new leases), renders the server's files with `render`, writes them,
    /// and returns them. Problems become exit code 1 with every diagnostic printed.
    func write(_ render: ServerBundle.Renderer) throws -> [ServerBundle.File] {
        do {
            return try ServerBundle.write(server, workspace: try Workspace.open(inventory), to: out, render: render)
        } catch {
            throw Output.fail(error)
        }
    }
}

struct BundleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bundle",
        abstract: "Write everything server S needs: server.yaml, certificates, keys, CRL, systemd unit, sysctl.")

    @OptionGroup var options: ServerFilesOptions

    func run() throws {
        let files = try options.write(ServerBundle.files)
        print(
            "wrote \(files.count) files for server \(options.server) to \(options.out): \(files.map(\.name).joined(separator: ", "))"
        )
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

    @OptionGroup var options: ServerFilesOptions

    func run() throws {
        let files = try options.write(OpenVPNExport.files)
        print(
            "wrote \(files.count) files for server \(options.server) to \(options.out); run: openvpn --cd \(options.out) --config server.conf"
        )
    }
}
