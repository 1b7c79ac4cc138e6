// `lanstitch plan INVENTORY [--server S]... [--format text|json|dot] [--fail LINK]...`:
// prints the plan, recording new pool allocations and leases in the state folder.

import ArgumentParser
import LanPlan
import LanState
import LanValues

struct PlanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Print the addresses, links and routes of every server (or of --server S).",
        discussion: """
            New pool allocations and client leases are recorded in the inventory's state folder so \
            that later plans keep them. The JSON format is documented in docs/plan-json.md.
            """)

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, json, dot, svg
    }

    @Argument(help: "The inventory YAML file.")
    var inventory: String

    @Option(name: .long, help: "Only this server (repeatable).")
    var server: [String] = []

    @Option(name: .long, help: "Output format: text, json, dot, or svg (svg needs Graphviz).")
    var format: Format = .text

    @Option(name: .long, help: "Plan as if this link were down, written A-B (repeatable).")
    var fail: [String] = []

    func run() throws {
        do {
            let workspace = try Workspace.open(inventory)
            let names = Set(workspace.inventory.servers.map(\.name.value))
            for name in server where !names.contains(name) {
                throw ValidationError(
                    "unknown server '\(name)'; servers are: \(names.sorted().joined(separator: ", "))")
            }
            var failed: Set<LinkID> = []
            for text in fail {
                guard let id = LinkID.parse(text, servers: names) else {
                    throw ValidationError("--fail \(text): write a link as A-B with two server names of the inventory")
                }
                failed.insert(id)
            }
            let known = Set(LinkPlanner.derive(workspace.inventory).links.map(\.id))
            for id in failed where !known.contains(id) {
                throw ValidationError("--fail \(id): there is no link between \(id.a) and \(id.b) in this plan")
            }
            let planned = try workspace.plan(failed: failed)
            let only = server.isEmpty ? nil : server
            switch format {
            case .text: print(PlanText.render(planned.plan, only: only), terminator: "")
            case .json: print(PlanJSON.render(planned.plan, only: only), terminator: "")
            case .dot: print(PlanDot.render(planned.plan), terminator: "")
            case .svg: print(try Graphviz.svg(PlanDot.render(planned.plan)), terminator: "")
            }
            if planned.recorded {
                Output.standardError("recorded new pools and leases in \(workspace.state.addressesPath)")
            }
        } catch let error as ValidationError {
            throw error
        } catch {
            throw Output.fail(error)
        }
    }
}
