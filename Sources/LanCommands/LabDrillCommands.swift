// The lab's drills: `lanstitch lab link INVENTORY A B down|up` cuts or heals the underlay
// between two nodes; `lanstitch lab stop|start INVENTORY NODE` stops (SIGTERM, or SIGKILL with
// `--signal kill` / `--kill`) or relaunches one server daemon or client. LanLab does the work
// (LabLink, LabStop, LabStart); docs/lab.md describes them.

import ArgumentParser
import LanLab
import LanValues

extension LinkState: ExpressibleByArgument {}
extension StopSignal: ExpressibleByArgument {}

struct LabLinkCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "link",
        abstract: "Drill: cut (down) or heal (up) the underlay between two lab servers (or clients).",
        discussion: "Drops the pair's traffic both ways on the lab's internet bridge; idempotent.")

    @Argument(help: "The inventory YAML file.")
    var inventory: String

    @Argument(help: "One server (or client) of the lab.")
    var a: String

    @Argument(help: "The other one.")
    var b: String

    @Argument(help: "down (cut) or up (heal).")
    var state: LinkState

    func run() throws {
        do {
            let cut = try LabLink.run(try LabContext.open(inventory), a, b, state)
            print("underlay \(cut.name) is \(state == .down ? "cut" : "healed")")
        } catch {
            throw Output.fail(error)
        }
    }
}

struct LabStopCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stop",
        abstract: "Drill: stop one lab server daemon (or client) and wait until it has ended.")

    @Argument(help: "The inventory YAML file.")
    var inventory: String

    @Argument(help: "The server (or client) to stop.")
    var node: String

    @Option(name: .long, help: "term (graceful, the default) or kill (a crash).")
    var signal: StopSignal = .term

    @Flag(name: .long, help: "The same as --signal kill.")
    var kill = false

    func run() throws {
        do {
            let chosen: StopSignal = kill ? .kill : signal
            switch try LabStop.run(try LabContext.open(inventory), node: node, signal: chosen) {
            case .stopped(let pid): print("\(node) (pid \(pid)) stopped with SIG\(chosen.rawValue.uppercased())")
            case .notRunning: print("\(node) is not running")
            }
        } catch {
            throw Output.fail(error)
        }
    }
}

struct LabStartCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "start",
        abstract: "Drill: start a stopped lab server daemon (or client) again, as `lab up` did.")

    @Argument(help: "The inventory YAML file.")
    var inventory: String

    @Argument(help: "The server (or client) to start.")
    var node: String

    func run() throws {
        do {
            switch try LabStart.run(try LabContext.open(inventory), node: node) {
            case .started(let pid): print("\(node) started (pid \(pid))")
            case .alreadyRunning(let pid): print("\(node) is running already (pid \(pid))")
            }
        } catch {
            throw Output.fail(error)
        }
    }
}
