// The netlink route installer against the real kernel, in a network namespace made by the
// test (never the root namespace): routes appear with lanstitch's protocol number exactly as
// desired, a route lanstitch did not make is never touched, and removeAll leaves none.
// Skipped, with the reason printed, without root or the `ip` tool.

import Foundation
import LanHost
import LanLinux
import LanNetlink
import LanRoutes
import LanValues
import Testing

let canUseKernel = getuid() == 0 && FileManager.default.isExecutableFile(atPath: "/usr/sbin/ip")

func route(_ cidr: String, _ device: String = "lanstitch0") throws -> KernelRouteEntry {
    KernelRouteEntry(prefix: try IPv4Prefix.parse(cidr).get(), device: device)
}

/// The routes `ip` reports with protocol 217 in the namespace, as entries.
func ourRoutes(_ namespace: NetworkNamespace) throws -> Set<KernelRouteEntry> {
    let json = try namespace.ip(["-j", "route", "show", "proto", "217"])
    let list = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[String: Any]] ?? []
    return Set(
        try list.map { entry in
            let destination = entry["dst"] as? String ?? ""
            return try route(
                destination.contains("/") ? destination : destination + "/32", entry["dev"] as? String ?? "")
        })
}

/// What the kernel test saw, checked after the namespace is gone.
struct Observed: Sendable {
    var firstChanges = 0
    var secondChanges = -1
    var afterFirst: Set<KernelRouteEntry> = []
    var afterSecond: Set<KernelRouteEntry> = []
    var foreignKept = false
    var afterRemoveAll: Set<KernelRouteEntry> = [try! route("0.0.0.0/0")]
    var foreignKeptAtEnd = false
}

@Suite(.serialized) struct NetlinkRouteTests {
    @Test(.enabled(if: canUseKernel, "needs root and /usr/sbin/ip to make a network namespace"))
    func reconcilesRealKernelRoutesAndLeavesOthersAlone() async throws {
        let first: Set = [try route("10.251.0.0/16"), try route("10.250.0.0/16"), try route("192.168.20.0/24")]
        let second: Set = [try route("10.251.0.0/16"), try route("10.248.0.0/16")]
        let seen = try await withFreshNetworkNamespace(name: "lsr\(getpid())") { namespace in
            _ = try namespace.ip(["tuntap", "add", "dev", "lanstitch0", "mode", "tun"])
            _ = try namespace.ip(["link", "set", "lanstitch0", "up"])
            _ = try namespace.ip(["route", "add", "10.99.0.0/16", "dev", "lanstitch0", "proto", "static"])
            let kernel = try NetlinkRouteInstaller()
            var seen = Observed()
            seen.firstChanges = try kernel.reconcile(to: first).count
            seen.secondChanges = try kernel.reconcile(to: first).count
            seen.afterFirst = try ourRoutes(namespace)
            try kernel.reconcile(to: second)
            seen.afterSecond = try ourRoutes(namespace)
            seen.foreignKept = try namespace.ip(["route", "show", "10.99.0.0/16"]).contains("proto static")
            try kernel.removeAll()
            seen.afterRemoveAll = try ourRoutes(namespace)
            seen.foreignKeptAtEnd = try namespace.ip(["route", "show", "10.99.0.0/16"]).contains("10.99.0.0/16")
            return seen
        }
        #expect(seen.firstChanges == 3)
        #expect(seen.secondChanges == 0, "a second reconcile must change nothing")
        #expect(seen.afterFirst == first)
        #expect(seen.afterSecond == second)
        #expect(seen.foreignKept, "a route lanstitch did not make was touched")
        #expect(seen.afterRemoveAll.isEmpty)
        #expect(seen.foreignKeptAtEnd)
    }

    @Test(.enabled(if: canUseKernel, "needs root and /usr/sbin/ip to make a network namespace"))
    func aMissingDeviceIsAClearError() async throws {
        let message = try await withFreshNetworkNamespace(name: "lsr\(getpid())m") { _ -> String in
            do {
                try NetlinkRouteInstaller().reconcile(to: [try route("10.1.0.0/16", "nosuchdev")])
                return "accepted"
            } catch {
                return "\(error)"
            }
        }
        #expect(message.contains("if_nametoindex(nosuchdev)"), "\(message)")
    }
}
