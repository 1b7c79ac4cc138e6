// Command-line options of the planner benchmark: the size of the generated inventory and
// whether to render JSON. Parsed by hand — the benchmark depends on nothing but the planner and
// the test kit.

import LanTestKit

/// What to measure.
struct Options {
    /// The generated inventory's size; `.full` unless flags say otherwise.
    var shape = BenchmarkShape.full
    /// Whether to measure JSON rendering of every server's plan (`--no-json` skips it).
    var renderJSON = true

    static let usage = """
        usage: lanstitch-bench-plan [--servers N] [--regions R] [--clients C] [--no-json]
          Generates a regions inventory (default 1000 servers in 50 regions, 20000 clients, /22
          auto pools), then times decoding, planning and JSON rendering and reports peak memory.
          Exits non-zero only when the inventory or the plan has problems.
        """

    /// Why parsing stopped: a message for standard error, or a request for help.
    enum Stop: Error {
        case help
        case invalid(String)
    }

    /// Parses `arguments` (without the program name).
    static func parse(_ arguments: [String]) throws(Stop) -> Options {
        var options = Options()
        var rest = arguments[...]
        while let flag = rest.popFirst() {
            switch flag {
            case "-h", "--help": throw .help
            case "--no-json": options.renderJSON = false
            case "--servers": options.shape.servers = try number(after: flag, from: &rest)
            case "--regions": options.shape.regions = try number(after: flag, from: &rest)
            case "--clients": options.shape.clients = try number(after: flag, from: &rest)
            default: throw .invalid("unknown argument '\(flag)'")
            }
        }
        if let problem = options.shape.problem { throw .invalid(problem) }
        return options
    }

    /// The whole number following `flag`.
    static func number(after flag: String, from rest: inout ArraySlice<String>) throws(Stop) -> Int {
        guard let text = rest.popFirst() else { throw .invalid("\(flag) needs a number") }
        guard let value = Int(text) else { throw .invalid("\(flag): '\(text)' is not a whole number") }
        return value
    }
}
