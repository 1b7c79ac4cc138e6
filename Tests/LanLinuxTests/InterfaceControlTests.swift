// InterfaceControl against the real kernel, inside a fresh network namespace: up and down as
// `ip -j link` sees it, MTU, and the failing call named when the interface does not exist.

import Glibc
import Testing

@testable import LanLinux

@Suite(.serialized, .enabled(if: KernelGate.isAvailable, "needs root, /dev/net/tun and iproute2"))
struct InterfaceControlKernelTests {
    struct Observed: Sendable {
        var upByIoctl: Bool
        var linkWhenUp: String
        var downByIoctl: Bool
        var linkWhenDown: String
        var mtu: Int
        var missing: SystemError?
    }

    @Test func setsFlagsAndMTUTheKernelReports() async throws {
        let name = KernelGate.namespaceName("ifctl")
        let observed = try await withFreshNetworkNamespace(name: name) { namespace in
            let control = try InterfaceControl()
            try control.setUp(true, "lo")
            let upByIoctl = try control.isUp("lo")
            let linkWhenUp = try namespace.ip(["-j", "link", "show", "dev", "lo"])
            try control.setMTU(1280, of: "lo")
            let mtu = try control.mtu(of: "lo")
            try control.setUp(false, "lo")
            var observed = Observed(
                upByIoctl: upByIoctl, linkWhenUp: linkWhenUp, downByIoctl: try control.isUp("lo"),
                linkWhenDown: try namespace.ip(["-j", "link", "show", "dev", "lo"]), mtu: mtu)
            do throws(SystemError) { try control.setMTU(1400, of: "lst-missing") } catch { observed.missing = error }
            try control.close()
            return observed
        }
        #expect(try !namespaceNames().contains(name))

        #expect(observed.upByIoctl)
        #expect(observed.mtu == 1280)
        let up = try #require(try ipJSON(observed.linkWhenUp).first)
        #expect((up["flags"] as? [String] ?? []).contains("UP"))
        #expect(!observed.downByIoctl)
        let down = try #require(try ipJSON(observed.linkWhenDown).first)
        #expect(!(down["flags"] as? [String] ?? []).contains("UP"))
        #expect(down["mtu"] as? Int == 1280)
        #expect(observed.missing == SystemError(call: "ioctl(SIOCSIFMTU)", code: ENODEV))
    }
}
