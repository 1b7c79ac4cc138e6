// LinuxTCPListener: a bound, listening, non-blocking IPv4 TCP socket that hands out connected
// `LinuxTCPStream`s with the peer's endpoint.

import CLinuxShim
import Glibc
import LanValues

/// A listening TCP socket.
///
/// - Created in the calling thread's network namespace with SO_REUSEADDR (a restarted daemon
///   rebinds at once), bound to `binding` (port 0 picks one), listening with `backlog`.
/// - `accept()` never blocks: register `descriptor` with a `Poller` for `.readable`.
/// - Accepted streams are owned by the caller; closing the listener leaves them open.
/// - Accept uses accept(2) then fcntl(2), as accept4(2) is not visible to Swift's Glibc
///   module; the daemon execs nothing, so the moment without O_CLOEXEC does not matter.
/// - Thread-safety: none; one owner at a time.
/// - After `close()` every call throws `SystemError` with `EBADF`.
public final class LinuxTCPListener {
    /// The listening socket's descriptor.
    public let descriptor: FileDescriptor
    /// The bound address and port (the port the kernel picked when asked for 0).
    public let localEndpoint: IPv4Endpoint

    public init(binding: IPv4Endpoint, backlog: Int32 = 128) throws(SystemError) {
        let type = Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue)
        let raw = try Syscall.run("socket") { socket(AF_INET, type, Int32(IPPROTO_TCP)) }
        descriptor = FileDescriptor(owning: raw)
        var on: Int32 = 1
        _ = try Syscall.run("setsockopt(SO_REUSEADDR)") {
            setsockopt(raw, SOL_SOCKET, SO_REUSEADDR, &on, socklen_t(MemoryLayout<Int32>.size))
        }
        try SocketAddressing.bind(raw, to: binding)
        _ = try Syscall.run("listen") { listen(raw, backlog) }
        localEndpoint = try SocketAddressing.localEndpoint(of: raw)
    }

    /// The next waiting connection, non-blocking with TCP_NODELAY, and its peer; nil when none
    /// is waiting. A connection the peer aborted before it was taken (ECONNABORTED) is skipped.
    public func accept() throws(SystemError) -> (stream: LinuxTCPStream, peer: IPv4Endpoint)? {
        let raw = try descriptor.raw(for: "accept")
        while true {
            var peer = sockaddr_in()
            var peerLength = socklen_t(MemoryLayout<sockaddr_in>.size)
            let accepted: Int32?
            do {
                accepted = try Syscall.runUnlessWouldBlock("accept") {
                    withUnsafeMutablePointer(to: &peer) {
                        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.accept(raw, $0, &peerLength) }
                    }
                }
            } catch  where error.code == ECONNABORTED {
                continue
            }
            guard let accepted else { return nil }
            return (try LinuxTCPStream(owning: accepted), IPv4Endpoint(peer))
        }
    }

    /// Closes the listening socket. Idempotent.
    public func close() throws(SystemError) { try descriptor.close() }
}
