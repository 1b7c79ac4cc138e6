// LinuxTCPListener and LinuxTCPStream against the real kernel, inside a fresh network namespace:
// a client dials 127.0.0.1, the listener accepts it with the client's endpoint, 1 MiB goes each
// way through non-blocking reads and writes (short writes included), and each side sees the
// other end the stream.

import Glibc
import LanValues
import Testing

@testable import LanLinux

@Suite(.serialized, .enabled(if: KernelGate.isAvailable, "needs root, /dev/net/tun and iproute2"))
struct LinuxTCPKernelTests {
    struct Observed: Sendable {
        var listening: IPv4Endpoint
        var nothingWaiting = false
        var acceptedPeer: IPv4Endpoint?
        var clientLocal: IPv4Endpoint?
        var idleRead: Int?
        var toServer: [UInt8] = []
        var toClient: [UInt8] = []
        var serverSawEnd = false
        var clientSawEnd = false
        var readAfterClose: SystemError?
    }

    /// `count` bytes of a pattern unique to `seed`.
    static func pattern(_ count: Int, seed: UInt8) -> [UInt8] {
        (0..<count).map { UInt8(truncatingIfNeeded: $0 &* 13 &+ Int(seed)) }
    }

    @Test func exchangesBytesBothWaysAndSeesTheEndOfStream() async throws {
        let namespaceName = KernelGate.namespaceName("tcp")
        let observed = try await withFreshNetworkNamespace(name: namespaceName) { _ in try Self.exchange() }
        #expect(try !namespaceNames().contains(namespaceName))

        #expect(observed.listening.address == IPv4Address(127, 0, 0, 1) && observed.listening.port != 0)
        #expect(observed.nothingWaiting, "accept before any client returns nil")
        #expect(observed.acceptedPeer != nil && observed.acceptedPeer == observed.clientLocal)
        #expect(observed.idleRead == 0, "a read with nothing waiting returns 0, not the end")
        #expect(observed.toServer == Self.pattern(1 << 20, seed: 1))
        #expect(observed.toClient == Self.pattern(1 << 20, seed: 2))
        #expect(observed.serverSawEnd && observed.clientSawEnd)
        #expect(observed.readAfterClose == SystemError(call: "read", code: EBADF))
    }

    /// Runs inside the namespace.
    static func exchange() throws -> Observed {
        let control = try InterfaceControl()
        try control.setUp(true, "lo")
        let listener = try LinuxTCPListener(binding: IPv4Endpoint(address: IPv4Address(127, 0, 0, 1), port: 0))
        var observed = Observed(listening: listener.localEndpoint)
        observed.nothingWaiting = try listener.accept() == nil
        let client = try LinuxTCPStream(connectingTo: listener.localEndpoint)
        observed.clientLocal = try localEndpoint(of: client)
        guard let (server, peer) = try acceptWithin(listener) else { return observed }
        observed.acceptedPeer = peer
        var scratch = [UInt8](repeating: 0, count: 4096)
        observed.idleRead = try scratch.withUnsafeMutableBytes { try server.read(into: $0) }

        // Both directions at once, so neither side's send buffer fills while the other waits.
        var link = [
            Half(from: client, to: server, bytes: pattern(1 << 20, seed: 1)),
            Half(from: server, to: client, bytes: pattern(1 << 20, seed: 2)),
        ]
        let poller = try Poller()
        try poller.add(client.descriptor, interest: [.readable, .writable], token: 0)
        try poller.add(server.descriptor, interest: [.readable, .writable], token: 1)
        for _ in 0..<2000 where !link.allSatisfy(\.isDone) {
            try poller.wait(timeoutMilliseconds: 10) { _ in }
            for index in link.indices { try link[index].step() }
        }
        observed.toServer = link[0].received
        observed.toClient = link[1].received
        observed.serverSawEnd = link[0].sawEnd
        observed.clientSawEnd = link[1].sawEnd
        try client.close()
        try server.close()
        try listener.close()
        do { _ = try scratch.withUnsafeMutableBytes { try server.read(into: $0) } } catch {
            observed.readAfterClose = error as? SystemError
        }
        return observed
    }

    /// One direction: writes `bytes` in whatever pieces the kernel takes, then shuts the
    /// writer's side; reads on the other stream until it reports the end.
    struct Half {
        let from: LinuxTCPStream
        let to: LinuxTCPStream
        let bytes: [UInt8]
        var sent = 0
        var received: [UInt8] = []
        var sawEnd = false
        var isDone: Bool { sawEnd }

        init(from: LinuxTCPStream, to: LinuxTCPStream, bytes: [UInt8]) {
            self.from = from
            self.to = to
            self.bytes = bytes
        }

        mutating func step() throws {
            if sent < bytes.count {
                let start = sent
                sent += try bytes.withUnsafeBytes { try from.write(UnsafeRawBufferPointer(rebasing: $0[start...])) }
                if sent == bytes.count {
                    let raw = try from.descriptor.raw(for: "shutdown")
                    _ = try Syscall.run("shutdown") { shutdown(raw, Int32(SHUT_WR)) }
                }
            }
            var chunk = [UInt8](repeating: 0, count: 64 << 10)
            while !sawEnd {
                let count = try chunk.withUnsafeMutableBytes { try to.read(into: $0) }
                guard let count else {
                    sawEnd = true
                    break
                }
                if count == 0 { break }
                received += chunk[0..<count]
            }
        }
    }

    /// Accepts the waiting connection, allowing the handshake up to a second.
    static func acceptWithin(_ listener: LinuxTCPListener) throws -> (LinuxTCPStream, IPv4Endpoint)? {
        for _ in 0..<100 {
            if let accepted = try listener.accept() { return accepted }
            usleep(10_000)
        }
        return nil
    }

    /// getsockname(2) of a stream.
    static func localEndpoint(of stream: LinuxTCPStream) throws -> IPv4Endpoint {
        let raw = try stream.descriptor.raw(for: "getsockname")
        var address = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = try Syscall.run("getsockname") {
            withUnsafeMutablePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(raw, $0, &length) }
            }
        }
        return IPv4Endpoint(address)
    }
}
