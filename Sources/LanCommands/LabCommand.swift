// `lanstitch lab up|down|status|exec INVENTORY`: the whole LAN on this machine, in network
// namespaces (LanLab does the work; docs/lab.md describes it). The drills (link, stop, start)
// are in LabDrillCommands.swift.

import ArgumentParser
import Foundation
import LanLab
import LanStatus
import LanValues

struct LabCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lab",
        abstract: "The whole LAN on this machine: a network namespace per server, client and site host.",
        discussion: "Needs root. See docs/lab.md.",
        subcommands: [
            LabUpCommand.self, LabDownCommand.self, LabStatusCommand.self, LabExecCommand.self, LabLinkCommand.self,
            LabStopCommand.self, LabStartCommand.self,
        ])
}

struct LabUpCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "up",
        abstract: "Build the lab: namespaces, `lanstitch server` daemons, stock openvpn or `lanstitch up` clients.")

    @Argument(help: "The inventory YAML file.")
    var inventory: String

    func run() throws {
        do {
            let lab = try LabContext.open(inventory)
            let record = try LabUp.run(lab) { print($0) }
            print("lab of \(inventory) is up (namespaces \(record.layout.prefix)-*):")
            for line in LabReport.nodeLines(record, alive: { ProcessControl.isAlive($0.pid, startTime: $0.startTime) })
            {
                print("  \(line)")
            }
            print("Next: lanstitch lab status \(inventory); lanstitch lab down \(inventory) removes it.")
        } catch {
            throw Output.fail(error)
        }
    }
}

struct LabDownCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "down", abstract: "Stop the lab's processes and delete its namespaces.")

    @Argument(help: "The inventory YAML file.")
    var inventory: String

    func run() throws {
        do {
            let removed = try LabDown.run(try LabContext.open(inventory))
            if removed.isEmpty {
                print("no lab of \(inventory) is running")
            } else {
                print(
                    "lab of \(inventory) is down: stopped \(removed.processes) processes, deleted \(removed.namespaces.count) namespaces"
                )
            }
        } catch {
            throw Output.fail(error)
        }
    }
}

struct LabStatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Every node with its addresses and process, and the ping matrix; exit 1 if any pair fails.")

    @Argument(help: "The inventory YAML file.")
    var inventory: String

    @Flag(name: .long, help: "Print JSON (nodes, and every pair's result and round-trip time).")
    var json = false

    func run() throws {
        let report: LabStatusReport
        do {
            let lab = try LabContext.open(inventory)
            report = try LabStatus.run(lab)
            if json {
                print(try report.json())
            } else {
                let record = try lab.runningRecord()
                print("lab of \(inventory) (namespaces \(report.prefix)-*):")
                let alive = { (process: LabProcess) in ProcessControl.isAlive(process.pid, startTime: process.startTime)
                }
                for (line, node) in zip(LabReport.nodeLines(record, alive: alive), report.nodes) {
                    let devices = node.addresses.filter { $0.device != "eth0" }
                        .map { "\($0.device) \($0.address)/\($0.prefixLength)" }
                    print("  \(line)" + (devices.isEmpty ? "" : "  [\(devices.joined(separator: ", "))]"))
                }
                let cuts = LabLink.cuts(record)
                if !cuts.isEmpty {
                    print("  underlay cut (lab link … up heals): \(cuts.joined(separator: ", "))")
                }
                print()
                print(PingMatrix.text(nodes: report.nodes.map(\.name), results: report.pings))
                if !report.servers.isEmpty {
                    print("\nservers (from their control sockets; `lanstitch status` shows more):")
                    for server in report.servers { print(StatusText.summary(server)) }
                }
            }
        } catch {
            throw Output.fail(error)
        }
        if !report.healthy { throw ExitCode(1) }
    }
}

struct LabExecCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "exec", abstract: "Run a command inside a lab node (a server, client or site host, by name).")

    @Argument(help: "The inventory YAML file.")
    var inventory: String

    @Argument(help: "The node: a server or client name, or SERVER-siteN.")
    var node: String

    @Argument(parsing: .postTerminator, help: "The command, after `--`.")
    var command: [String] = []

    func run() throws {
        do {
            try LabExec.run(try LabContext.open(inventory), node: node, command: command)
        } catch {
            throw Output.fail(error)
        }
    }
}
