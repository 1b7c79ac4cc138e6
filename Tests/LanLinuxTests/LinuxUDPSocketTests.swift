// LinuxUDPSocket against the real kernel, inside a fresh network namespace: 64 datagrams out with
// one sendmmsg, in with recvmmsg, echoed back to their sources in place, every byte compared.

import Glibc
import LanHost
import LanValues
import Testing

@testable import LanLinux

@Suite(.serialized, .enabled(if: KernelGate.isAvailable, "needs root, /dev/net/tun and iproute2"))
struct LinuxUDPSocketKernelTests {
    struct Datagram: Equatable, Sendable {
        var bytes: [UInt8]
        var endpoint: IPv4Endpoint
    }

    struct Observed: Sendable {
        var loopbackUp: Bool
        var left: IPv4Endpoint
        var right: IPv4Endpoint
        var sent: Int
        var arrived: [Datagram]
        var echoed: Int
        var returned: [Datagram]
        var cutLength: Int?
        var sendAfterClose: SystemError?
        var receiveBufferBytes = 0
        var sendBufferBytes = 0
    }

    /// Datagram `index`: 1 + 20 × index bytes of a pattern unique to it.
    static func datagram(_ index: Int) -> [UInt8] {
        (0..<(1 + 20 * index)).map { UInt8(truncatingIfNeeded: index &* 31 &+ $0 &* 7) }
    }

    @Test func exchangesABatchOf64DatagramsByteForByte() async throws {
        let namespaceName = KernelGate.namespaceName("udp")
        let observed = try await withFreshNetworkNamespace(name: namespaceName) { _ in try Self.exchange() }
        #expect(try !namespaceNames().contains(namespaceName))

        #expect(observed.loopbackUp)
        #expect(observed.left.address == IPv4Address(127, 0, 0, 1) && observed.left.port != 0)
        #expect(observed.sent == 64)
        #expect(observed.arrived == (0..<64).map { Datagram(bytes: Self.datagram($0), endpoint: observed.left) })
        #expect(observed.echoed == 64)
        #expect(observed.returned == (0..<64).map { Datagram(bytes: Self.datagram($0), endpoint: observed.right) })
        #expect(observed.cutLength == 0, "a datagram longer than the slot arrives empty")
        #expect(observed.sendAfterClose == SystemError(call: "sendmmsg", code: EBADF))
        #expect(observed.receiveBufferBytes >= 8 << 20, "root forces the buffer past net.core.rmem_max")
        #expect(observed.sendBufferBytes >= 8 << 20)
    }

    /// Runs inside the namespace.
    static func exchange() throws -> Observed {
        let control = try InterfaceControl()
        try control.setUp(true, "lo")
        let loopback = IPv4Endpoint(address: IPv4Address(127, 0, 0, 1), port: 0)
        let left = try LinuxUDPSocket(binding: loopback, vectorCapacity: 8)
        let right = try LinuxUDPSocket(binding: loopback, socketBufferBytes: 8 << 20, vectorCapacity: 16)
        var observed = Observed(
            loopbackUp: try control.isUp("lo"), left: left.localEndpoint, right: right.localEndpoint, sent: 0,
            arrived: [], echoed: 0, returned: [])

        let outbound = PacketBatch(capacity: 64)
        for index in 0..<64 { outbound.append(datagram(index), endpoint: right.localEndpoint) }
        observed.receiveBufferBytes = try right.receiveBufferBytes
        observed.sendBufferBytes = try right.sendBufferBytes
        observed.sent = try left.send(outbound)

        let inbound = PacketBatch(capacity: 64)
        observed.arrived = try receive(64, on: right, into: inbound)
        inbound.removeAll()
        for datagram in observed.arrived { inbound.append(datagram.bytes, endpoint: datagram.endpoint) }
        observed.echoed = try right.send(inbound)
        observed.returned = try receive(64, on: left, into: PacketBatch(capacity: 64))

        let long = PacketBatch(capacity: 1)
        long.append([UInt8](repeating: 0x5A, count: 1500), endpoint: right.localEndpoint)
        _ = try left.send(long)
        let short = PacketBatch(capacity: 4, packetCapacity: 512)
        observed.cutLength = try receive(1, on: right, into: short).first?.bytes.count
        try left.close()
        do { _ = try left.send(long, from: 0) } catch { observed.sendAfterClose = error }
        return observed
    }

    /// Waits for readability and receives until `count` datagrams arrived or two seconds passed.
    static func receive(_ count: Int, on socket: LinuxUDPSocket, into batch: PacketBatch) throws -> [Datagram] {
        let poller = try Poller()
        try poller.add(socket.descriptor, interest: .readable, token: 0)
        var arrived: [Datagram] = []
        for _ in 0..<20 where arrived.count < count {
            try poller.wait(timeoutMilliseconds: 100) { _ in }
            let received = try socket.receive(into: batch)
            arrived += (0..<received).map { Datagram(bytes: batch.packet(at: $0), endpoint: batch.endpoint(at: $0)) }
        }
        return arrived
    }
}
