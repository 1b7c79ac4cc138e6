// LinuxTCPStream: one connected, non-blocking IPv4 TCP socket — reads into the caller's buffer,
// writes what the kernel takes, and tells "would block" apart from "the peer ended the stream".

import CLinuxShim
import Glibc
import LanValues

/// A connected TCP stream (accepted by `LinuxTCPListener`, or dialled with `init(connectingTo:)`).
///
/// - Non-blocking: `read` returns 0 and `write` a short count when the kernel has nothing to give
///   or no room; register `descriptor` with a `Poller` to learn when to try again.
/// - TCP_NODELAY is on: each write goes out at once (OpenVPN packets are latency-bound).
/// - Writes use MSG_NOSIGNAL, so a peer that reset the stream gives EPIPE, never SIGPIPE.
/// - Ownership: the caller's buffers are only borrowed for the duration of a call.
/// - Thread-safety: none; one owner at a time.
/// - After `close()` every call throws `SystemError` with `EBADF`.
public final class LinuxTCPStream {
    /// The socket's descriptor (register it with a `Poller`).
    public let descriptor: FileDescriptor

    /// Takes ownership of a connected socket `raw` (closed on failure too), and makes it
    /// non-blocking and close-on-exec, with TCP_NODELAY unless `noDelay` is false (a Unix
    /// stream socket from `LinuxUnixListener` has no such option).
    init(owning raw: Int32, noDelay: Bool = true) throws(SystemError) {
        descriptor = FileDescriptor(owning: raw)
        let flags = try Syscall.run("fcntl(F_GETFL)") { fcntl(raw, F_GETFL) }
        _ = try Syscall.run("fcntl(F_SETFL)") { fcntl(raw, F_SETFL, flags | O_NONBLOCK) }
        _ = try Syscall.run("fcntl(F_SETFD)") { fcntl(raw, F_SETFD, FD_CLOEXEC) }
        guard noDelay else { return }
        var on: Int32 = 1
        _ = try Syscall.run("setsockopt(TCP_NODELAY)") {
            setsockopt(raw, Int32(IPPROTO_TCP), TCP_NODELAY, &on, socklen_t(MemoryLayout<Int32>.size))
        }
    }

    /// Dials `endpoint` from the calling thread's namespace. The connect itself blocks, for at
    /// most `timeoutMilliseconds` when given (ETIMEDOUT or EINPROGRESS after that); the stream is
    /// non-blocking once it returns.
    public convenience init(connectingTo endpoint: IPv4Endpoint, timeoutMilliseconds: Int? = nil) throws(SystemError) {
        let type = Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue)
        let raw = try Syscall.run("socket") { socket(AF_INET, type, Int32(IPPROTO_TCP)) }
        var address = endpoint.socketAddress
        do {
            if let timeoutMilliseconds {
                // Linux bounds a blocking connect by the send timeout.
                var limit = timeval(tv_sec: timeoutMilliseconds / 1000, tv_usec: (timeoutMilliseconds % 1000) * 1000)
                _ = try Syscall.run("setsockopt(SO_SNDTIMEO)") {
                    setsockopt(raw, SOL_SOCKET, SO_SNDTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
                }
            }
            _ = try Syscall.run("connect") {
                withUnsafePointer(to: &address) {
                    $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                        connect(raw, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                    }
                }
            }
        } catch {
            // Not yet owned by a FileDescriptor: close the number here, once.
            _ = Glibc.close(raw)
            throw error
        }
        try self.init(owning: raw)
    }

    /// Starts dialling `endpoint` without waiting: the stream is returned while the handshake is
    /// still under way (an event loop must never block on a connect). Until it completes, reads
    /// return 0 and writes take nothing; a refused or unreachable peer shows up as an error on the
    /// next read or write (and as readiness on the poller).
    public convenience init(startingConnectionTo endpoint: IPv4Endpoint) throws(SystemError) {
        let type = Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue) | Int32(SOCK_NONBLOCK.rawValue)
        let raw = try Syscall.run("socket") { socket(AF_INET, type, Int32(IPPROTO_TCP)) }
        var address = endpoint.socketAddress
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(raw, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        if result != 0, errno != EINPROGRESS {
            let error = SystemError(call: "connect", code: errno)
            _ = Glibc.close(raw)
            throw error
        }
        try self.init(owning: raw)
    }

    /// Reads what is waiting into `buffer`: the byte count (> 0), 0 when nothing is waiting
    /// (would block), or nil once the peer has ended the stream (and for every read after).
    /// A reset stream throws (ECONNRESET).
    public func read(into buffer: UnsafeMutableRawBufferPointer) throws(SystemError) -> Int? {
        guard buffer.count > 0 else { return 0 }
        let raw = try descriptor.raw(for: "read")
        guard let count = try Syscall.runUnlessWouldBlock("read", { Glibc.read(raw, buffer.baseAddress, buffer.count) })
        else { return 0 }
        return count == 0 ? nil : count
    }

    /// Writes as much of `bytes` as the kernel takes now and returns that count (0 when the send
    /// buffer is full). A reset or closed peer throws (EPIPE, ECONNRESET).
    public func write(_ bytes: UnsafeRawBufferPointer) throws(SystemError) -> Int {
        guard bytes.count > 0 else { return 0 }
        let raw = try descriptor.raw(for: "send")
        let flags = Int32(MSG_NOSIGNAL)
        return try Syscall.runUnlessWouldBlock("send") { send(raw, bytes.baseAddress, bytes.count, flags) } ?? 0
    }

    /// Ends the sending side (shutdown(2) SHUT_WR): the peer reads the end of the stream after
    /// what was sent, and may still send.
    public func shutdownWrite() throws(SystemError) {
        let raw = try descriptor.raw(for: "shutdown")
        _ = try Syscall.run("shutdown") { shutdown(raw, Int32(SHUT_WR)) }
    }

    /// Closes the socket. Idempotent.
    public func close() throws(SystemError) { try descriptor.close() }
}
