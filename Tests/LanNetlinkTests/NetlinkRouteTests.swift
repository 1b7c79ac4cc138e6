// The netlink route installer against the real kernel, in a network namespace made by the
// test (never the root namespace): routes appear with lanstitch's protocol number exactly as
// desired, a route lanstitch did not make is never touched, and removeAll leaves none.
// Skipped, with the reason printed, without root or the `ip` tool.

import Foundation
import LanNetlink
import LanRoutes
import LanValues
import Testing

/// Runs `ip ARGS...` and returns its standard output; throws on a non-zero exit.
func ip(_ arguments: String...) throws -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/sbin/ip")
    process.arguments = arguments
    let output = Pipe()
    process.standardOutput = output
    process.standardError = output
    try process.run()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    let text = String(decoding: data, as: UTF8.self)
    guard process.terminationStatus == 0 else { throw IPFailed(arguments: arguments, output: text) }
    return text
}

struct IPFailed: Error, CustomStringConvertible {
    var arguments: [String]
    var output: String
    var description: String { "ip \(arguments.joined(separator: " ")): \(output)" }
}

let canUseKernel = getuid() == 0 && FileManager.default.isExecutableFile(atPath: "/usr/sbin/ip")

func route(_ cidr: String, _ device: String = "lanstitch0") throws -> KernelRouteEntry {
    KernelRouteEntry(prefix: try IPv4Prefix.parse(cidr).get(), device: device)
}

@Suite(.serialized) struct NetlinkRouteTests {
    /// The routes `ip` reports with protocol 217 in the namespace, as entries.
    func ourRoutes(_ namespace: String) throws -> Set<KernelRouteEntry> {
        let json = try ip("-n", namespace, "-j", "route", "show", "proto", "217")
        let list = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[String: Any]] ?? []
        return Set(
            try list.map {
                try route(
                    ($0["dst"] as? String ?? "") + (($0["dst"] as? String)?.contains("/") == true ? "" : "/32"),
                    $0["dev"] as? String ?? "")
            })
    }

    @Test(.enabled(if: canUseKernel, "needs root and /usr/sbin/ip to make a network namespace"))
    func reconcilesRealKernelRoutesAndLeavesOthersAlone() throws {
        let namespace = "lsr\(getpid())\(UInt16.random(in: 0...UInt16.max))"
        _ = try ip("netns", "add", namespace)
        defer { _ = try? ip("netns", "delete", namespace) }
        _ = try ip("-n", namespace, "tuntap", "add", "dev", "lanstitch0", "mode", "tun")
        _ = try ip("-n", namespace, "link", "set", "lanstitch0", "up")
        _ = try ip("-n", namespace, "route", "add", "10.99.0.0/16", "dev", "lanstitch0", "proto", "static")
        let first: Set = [try route("10.251.0.0/16"), try route("10.250.0.0/16"), try route("192.168.20.0/24")]
        let second: Set = [try route("10.251.0.0/16"), try route("10.248.0.0/16")]
        let made = try NetworkNamespace.run(in: namespace) { () -> [[RouteChange]] in
            let kernel = try NetlinkRouteInstaller()
            return [try kernel.reconcile(to: first), try kernel.reconcile(to: first)]
        }
        #expect(made[0].count == 3)
        #expect(made[1].isEmpty, "a second reconcile must change nothing")
        #expect(try ourRoutes(namespace) == first)
        _ = try NetworkNamespace.run(in: namespace) { try NetlinkRouteInstaller().reconcile(to: second) }
        #expect(try ourRoutes(namespace) == second)
        #expect(
            try ip("-n", namespace, "route", "show", "10.99.0.0/16").contains("proto static"),
            "a foreign route was touched")
        let left = try NetworkNamespace.run(in: namespace) { () -> Set<KernelRouteEntry> in
            let kernel = try NetlinkRouteInstaller()
            try kernel.removeAll()
            return try kernel.current()
        }
        #expect(left.isEmpty)
        #expect(try ourRoutes(namespace).isEmpty)
        #expect(try ip("-n", namespace, "route", "show", "10.99.0.0/16").contains("10.99.0.0/16"))
    }

    @Test(.enabled(if: canUseKernel, "needs root and /usr/sbin/ip to make a network namespace"))
    func aMissingDeviceIsAClearError() throws {
        let namespace = "lsr\(getpid())\(UInt16.random(in: 0...UInt16.max))"
        _ = try ip("netns", "add", namespace)
        defer { _ = try? ip("netns", "delete", namespace) }
        do {
            _ = try NetworkNamespace.run(in: namespace) {
                try NetlinkRouteInstaller().reconcile(to: [try route("10.1.0.0/16", "nosuchdev")])
            }
            Issue.record("a route through a missing device was accepted")
        } catch let error as NetlinkError {
            #expect(error.description.contains("if_nametoindex(nosuchdev)"))
        }
    }
}
