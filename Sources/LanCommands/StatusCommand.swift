// `lanstitch status [--json] [--format text|json|dot|svg] [--socket PATH]...`: asks running
// servers for their live view over their control sockets and prints it — a table, JSON
// (docs/status.md), or a picture of the live LAN (DOT, or SVG through Graphviz).

import ArgumentParser
import Foundation
import LanControl
import LanControlClient
import LanStatus
import LanValues

struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show running servers: links, RTT, clients, routes and drops (from their control sockets).",
        discussion: """
            Without --socket, every socket in /run/lanstitch is asked (one that does not answer is skipped \
            with a warning). Give --socket once per server to \
            draw several servers' views as one picture. The JSON schema is in docs/status.md.
            """)

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, json, dot, svg
    }

    @Flag(name: .long, help: "Print JSON (same as --format json).")
    var json = false

    @Option(name: .long, help: "Output format: text, json, dot, or svg (svg needs Graphviz).")
    var format: Format = .text

    @Option(name: .long, help: "A server's control socket (repeatable). Default: every socket in /run/lanstitch.")
    var socket: [String] = []

    @Option(name: .long, help: "How long to wait for each server, in seconds.")
    var timeout: Double = 5

    func run() throws {
        do {
            let views = try gather()
            switch json ? .json : format {
            case .text: print(views.map(StatusText.render).joined(separator: "\n"), terminator: "")
            case .json: print(views.count == 1 ? StatusJSON.pretty(views[0]) : StatusJSON.pretty(views), terminator: "")
            case .dot: print(StatusDot.render(views), terminator: "")
            case .svg: print(try Graphviz.svg(StatusDot.render(views)), terminator: "")
            }
        } catch {
            throw Output.fail(error)
        }
    }

    /// The sockets to ask: the ones given, else every *.sock in the default folder.
    func sockets() throws -> [String] {
        if !socket.isEmpty { return socket }
        let folder = ControlSocket.folder
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        let found = names.filter { $0.hasSuffix(".sock") }.sorted().map { "\(folder)/\($0)" }
        guard !found.isEmpty else {
            throw StatusError(
                "no control socket in \(folder): is `lanstitch server` running on this host? "
                    + "If it was started with --control PATH, give `lanstitch status --socket PATH`")
        }
        return found
    }

    /// The views of the sockets given (any failure fails), or of every socket found (one that
    /// does not answer, such as a stale one, is reported and skipped while another answers).
    func gather() throws -> [ServerStatus] {
        let paths = try sockets()
        guard socket.isEmpty else { return try paths.map(ask) }
        var views: [ServerStatus] = []
        var problems: [String] = []
        for path in paths {
            do { views.append(try ask(path)) } catch { problems.append("\(error)") }
        }
        guard !views.isEmpty else { throw StatusError(problems.joined(separator: "\n")) }
        for problem in problems { Output.standardError("warning: \(problem)") }
        return views
    }

    /// One server's view, or an error saying what went wrong with its socket and what to do.
    func ask(_ path: String) throws -> ServerStatus {
        try ControlClient.status(socket: path, timeoutMilliseconds: Int(timeout * 1000))
    }
}

/// A status request that failed, said plainly.
struct StatusError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
