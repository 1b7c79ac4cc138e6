// The `lanstitch` command line: the root command and its subcommands. Each subcommand parses
// its arguments, calls one library function and prints; no decisions are made here.

import ArgumentParser
import LanValues

/// `lanstitch`: one YAML inventory of VPN servers becomes one private LAN.
public struct Lanstitch: ParsableCommand {
    public static let version = "0.1.0"

    public static let configuration = CommandConfiguration(
        commandName: "lanstitch",
        abstract: "Stitch many VPN servers into one private LAN, planned from one YAML inventory.",
        discussion: "Start with `lanstitch check INVENTORY`, then `lanstitch plan INVENTORY`. See README.md.",
        version: version,
        subcommands: [
            CheckCommand.self, PlanCommand.self, InitCommand.self, ClientCommand.self, BundleCommand.self,
            ExportCommand.self, ServerCommand.self, UpCommand.self, LabCommand.self, StatusCommand.self,
            DeployCommand.self,
        ])

    public init() {}
}
