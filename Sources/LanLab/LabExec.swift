// LabExec: `lanstitch lab exec INVENTORY NODE -- CMD...` — replaces this process with CMD run
// inside the node's namespace (`ip netns exec`), so stdio is inherited and CMD's exit status
// is the command's.

import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Runs commands inside lab nodes.
public enum LabExec {
    /// The namespace of `node` in the running lab; a LabError listing the nodes if unknown.
    public static func namespace(of node: String, in lab: LabContext) throws -> String {
        let record = try lab.runningRecord()
        guard let found = record.layout.node(named: node) else {
            let known = record.layout.nodes.map(\.name).joined(separator: ", ")
            throw LabError("the lab of \(lab.path) has no node '\(node)'; its nodes are: \(known)")
        }
        return found.namespace
    }

    /// Execs `command` in `node`'s namespace. Returns only on failure.
    public static func run(_ lab: LabContext, node: String, command: [String]) throws -> Never {
        try LabContext.requireRoot()
        guard !command.isEmpty else { throw LabError("name a command to run: lab exec INVENTORY NODE -- CMD...") }
        let namespace = try namespace(of: node, in: lab)
        let ip = try HostTool.require("ip", package: "iproute2")
        let arguments = ["ip", "netns", "exec", namespace] + command
        fflush(nil)
        let argv = arguments.map { strdup($0) } + [nil]
        execv(ip, argv)
        let reason = String(cString: strerror(errno))
        throw LabError("could not run \(arguments.joined(separator: " ")): \(reason)")
    }
}
