// withFreshNetworkNamespace: the body really runs in another namespace, and the namespace is gone
// afterwards — whether the body returns or throws.

import Glibc
import Testing

@testable import LanLinux

@Suite(.serialized, .enabled(if: KernelGate.isAvailable, "needs root, /dev/net/tun and iproute2"))
struct NetworkNamespaceKernelTests {
    struct BodyFailed: Error {}

    /// The inode of the calling thread's network namespace.
    static func namespaceInode() throws -> UInt {
        var status = stat()
        _ = try Syscall.run("stat") { stat("/proc/thread-self/ns/net", &status) }
        return UInt(status.st_ino)
    }

    @Test func bodyRunsInsideANamedNamespaceThatIsDeletedAfterwards() async throws {
        let name = KernelGate.namespaceName("ns")
        let outside = try Self.namespaceInode()
        let (inside, listed) = try await withFreshNetworkNamespace(name: name) { namespace in
            (try Self.namespaceInode(), try namespaceNames().contains(namespace.name))
        }
        #expect(inside != outside)
        #expect(listed)
        #expect(try Self.namespaceInode() == outside)
        #expect(try !namespaceNames().contains(name))
    }

    @Test func namespaceIsDeletedWhenTheBodyThrows() async throws {
        let name = KernelGate.namespaceName("throws")
        await #expect(throws: BodyFailed.self) {
            try await withFreshNetworkNamespace(name: name) { _ in throw BodyFailed() }
        }
        #expect(try !namespaceNames().contains(name))
    }

    @Test func refusesNamesThatAreNotPlainWords() async throws {
        await #expect(throws: SystemError.self) {
            try await withFreshNetworkNamespace(name: "../escape") { _ in 0 }
        }
        await #expect(throws: SystemError.self) { try await withFreshNetworkNamespace(name: "") { _ in 0 } }
    }
}
