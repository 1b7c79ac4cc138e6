// The seams together, as the data path will use them, inside a fresh network namespace: the
// kernel's echo reply is read from the TUN, a 4-byte header is prepended in the headroom, the same
// batch goes out a UDP socket, the peer socket receives it, skips the header in place and writes
// the same slots into the TUN — no packet is copied between the seams.

import Glibc
import LanHost
import LanValues
import Testing

@testable import LanLinux

@Suite(.serialized, .enabled(if: KernelGate.isAvailable, "needs root, /dev/net/tun and iproute2"))
struct PipelineKernelTests {
    struct Observed: Sendable {
        var fromTun: [[UInt8]] = []
        var headerInPlace = false
        var overUDP: [[UInt8]] = []
        var backIntoTun = 0
    }

    static let header: [UInt8] = [0x48, 0x00, 0x00, 0x01]

    @Test func aPacketTravelsTunToUDPToTunWithItsHeaderAddedAndRemovedInPlace() async throws {
        let name = KernelGate.namespaceName("pipe")
        let observed = try await withFreshNetworkNamespace(name: name) { _ in try Self.run() }
        #expect(try !namespaceNames().contains(name))

        let reply = try #require(observed.fromTun.first)
        #expect(ICMPEcho.reply(in: reply)?.sequence == 9)
        #expect(observed.headerInPlace)
        #expect(observed.overUDP == [Self.header + reply])
        #expect(observed.backIntoTun == 1)
    }

    static func run() throws -> Observed {
        var observed = Observed()
        let tun = try LinuxTun(name: KernelGate.tunName)
        let control = try InterfaceControl()
        try control.setIPv4Address(IPv4Address(192, 0, 2, 1), prefixLength: 24, of: tun.name)
        try control.setUp(true, tun.name)
        try control.setUp(true, "lo")
        let loopback = IPv4Endpoint(address: IPv4Address(127, 0, 0, 1), port: 0)
        let (near, far) = (try LinuxUDPSocket(binding: loopback), try LinuxUDPSocket(binding: loopback))
        let pool = PacketPool(batches: 2, batchCapacity: 16)
        let (outbound, inbound) = (pool.take()!, pool.take()!)
        defer { [outbound, inbound].forEach(pool.recycle) }

        outbound.append(
            ICMPEcho.request(
                from: IPv4Address(192, 0, 2, 2), to: IPv4Address(192, 0, 2, 1), identifier: 7, sequence: 9,
                payload: Array("pipeline".utf8)))
        _ = try tun.writePackets(outbound)
        let poller = try Poller()
        try poller.add(tun.descriptor, interest: .readable, token: 1)
        try poller.add(far.descriptor, interest: .readable, token: 2)
        while observed.fromTun.isEmpty, try poller.wait(timeoutMilliseconds: 2000, { _ in }) > 0 {
            _ = try tun.readPackets(into: outbound)
            observed.fromTun = (0..<outbound.count).map(outbound.packet(at:)).filter { ICMPEcho.reply(in: $0) != nil }
        }
        guard let index = (0..<outbound.count).first(where: { ICMPEcho.reply(in: outbound.packet(at: $0)) != nil })
        else { return observed }

        let payloadAddress = outbound.bytes(at: index).baseAddress
        outbound.prepend(header.count, at: index).copyBytes(from: header)
        observed.headerInPlace = outbound.bytes(at: index).baseAddress! + header.count == payloadAddress!
        outbound.setEndpoint(far.localEndpoint, at: index)
        _ = try near.send(outbound, from: index)
        try poller.remove(tun.descriptor)

        while observed.overUDP.isEmpty, try poller.wait(timeoutMilliseconds: 2000, { _ in }) > 0 {
            _ = try far.receive(into: inbound)
            observed.overUDP = (0..<inbound.count).map(inbound.packet(at:))
        }
        for slot in 0..<inbound.count { inbound.dropFront(header.count, at: slot) }
        observed.backIntoTun = try tun.writePackets(inbound)
        return observed
    }
}
