// LinuxTun against the real kernel, inside a fresh network namespace: configure 192.0.2.1/24,
// write an ICMP echo request from 192.0.2.2 into the device and read the kernel's reply back.

import Glibc
import LanHost
import LanValues
import Testing

@testable import LanLinux

@Suite struct LinuxTunNameTests {
    @Test func refusesNamesTheKernelCannotHoldBeforeOpeningAnything() {
        #expect(throws: SystemError(call: "ioctl(TUNSETIFF)", code: ENAMETOOLONG)) {
            try LinuxTun(name: "a-name-longer-than-15")
        }
        #expect(throws: SystemError(call: "ioctl(TUNSETIFF)", code: EINVAL)) { try LinuxTun(name: "") }
    }
}

@Suite(.serialized, .enabled(if: KernelGate.isAvailable, "needs root, /dev/net/tun and iproute2"))
struct LinuxTunKernelTests {
    /// What the body saw inside the namespace, checked after it returns.
    struct Observed: Sendable {
        var name: String
        var mtu: Int
        var isUp: Bool
        var addressJSON: String
        var readWhileDown: Int
        var written: Int
        var replies: [[UInt8]]
        var readAfterClose: SystemError?
        var linkAfterClose: String?
    }

    static let payload = Array("lanstitch echo over a real TUN".utf8)

    @Test func kernelAnswersAnEchoRequestWrittenIntoTheDevice() async throws {
        let namespaceName = KernelGate.namespaceName("tun")
        let observed = try await withFreshNetworkNamespace(name: namespaceName) { namespace in
            try Self.pingThroughTun(namespace)
        }
        #expect(try !namespaceNames().contains(namespaceName))

        #expect(observed.name == KernelGate.tunName)
        #expect(observed.mtu == 1400)
        #expect(observed.isUp)
        let link = try #require(try ipJSON(observed.addressJSON).first)
        #expect(link["mtu"] as? Int == 1400)
        #expect((link["flags"] as? [String] ?? []).contains("UP"))
        let addresses = link["addr_info"] as? [[String: Any]] ?? []
        #expect(addresses.contains { $0["local"] as? String == "192.0.2.1" && $0["prefixlen"] as? Int == 24 })

        #expect(observed.readWhileDown == 0, "a read with nothing waiting returns at once")
        #expect(observed.written == 8)
        let replies = observed.replies.compactMap(ICMPEcho.reply(in:)).sorted { $0.sequence < $1.sequence }
        let expected = (UInt16(1)...8).map {
            ICMPEcho.Reply(
                source: IPv4Address(192, 0, 2, 1), destination: IPv4Address(192, 0, 2, 2), identifier: 0x4C53,
                sequence: $0, payload: Self.payload)
        }
        #expect(replies == expected)

        #expect(observed.readAfterClose == SystemError(call: "read", code: EBADF))
        #expect(observed.linkAfterClose == nil, "closing the descriptor removes the interface")
    }

    /// Runs inside the namespace: create and configure the TUN, ping through it (eight echo
    /// requests in one batch), close it.
    static func pingThroughTun(_ namespace: NetworkNamespace) throws -> Observed {
        let tun = try LinuxTun(name: KernelGate.tunName)
        let batch = PacketBatch(capacity: 16)
        let readWhileDown = try tun.readPackets(into: batch)
        let control = try InterfaceControl()
        try control.setMTU(1400, of: tun.name)
        try control.setIPv4Address(IPv4Address(192, 0, 2, 1), prefixLength: 24, of: tun.name)
        try control.setUp(true, tun.name)
        var observed = Observed(
            name: tun.name, mtu: try control.mtu(of: tun.name), isUp: try control.isUp(tun.name),
            addressJSON: try namespace.ip(["-j", "address", "show", "dev", tun.name]), readWhileDown: readWhileDown,
            written: 0, replies: [])

        let poller = try Poller()
        try poller.add(tun.descriptor, interest: .readable, token: 1)
        for sequence in UInt16(1)...8 {
            batch.append(
                ICMPEcho.request(
                    from: IPv4Address(192, 0, 2, 2), to: IPv4Address(192, 0, 2, 1), identifier: 0x4C53,
                    sequence: sequence, payload: payload))
        }
        observed.written = try tun.writePackets(batch)

        for _ in 0..<20 where observed.replies.count < 8 {
            try poller.wait(timeoutMilliseconds: 100) { _ in }
            let count = try tun.readPackets(into: batch)
            observed.replies += (0..<count).map { batch.packet(at: $0) }.filter { ICMPEcho.reply(in: $0) != nil }
        }

        try poller.remove(tun.descriptor)
        try tun.close()
        try tun.close()
        do { _ = try tun.readPackets(into: batch) } catch { observed.readAfterClose = error }
        observed.linkAfterClose = try? namespace.ip(["link", "show", "dev", tun.name])
        return observed
    }
}
