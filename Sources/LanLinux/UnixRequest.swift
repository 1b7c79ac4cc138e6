// UnixRequest: the client side of a control socket — connect to a Unix stream socket, send one
// line, read one line back, all within a deadline (`lanstitch status`).

import CLinuxShim
import Glibc

public enum UnixRequest {
    /// Sends `line` (a newline is added) to the socket at `path` and returns the first line of
    /// the answer (without its newline). Throws `SystemError` naming the step: connect (ENOENT:
    /// no socket there; EACCES: not permitted; ECONNREFUSED: nobody listens), send, poll
    /// (ETIMEDOUT when `timeoutMilliseconds` pass), or read. At most `maxBytes` are read.
    public static func exchange(
        path: String, line: String, timeoutMilliseconds: Int = 5000, maxBytes: Int = 16 << 20
    ) throws(SystemError) -> String {
        let raw = try Syscall.run("socket(AF_UNIX)") {
            socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        }
        let descriptor = FileDescriptor(owning: raw)
        defer { try? descriptor.close() }
        _ = try UnixSocketAddress.with(path, call: "connect(\(path))") { (address, length) throws(SystemError) in
            try Syscall.run("connect(\(path))") { connect(raw, address, length) }
        }
        let request = Array((line + "\n").utf8)
        var sent = 0
        while sent < request.count {
            let count = try Syscall.run("send") {
                request.withUnsafeBytes { send(raw, $0.baseAddress! + sent, $0.count - sent, Int32(MSG_NOSIGNAL)) }
            }
            sent += count
        }
        var answer: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        let deadline = ContinuousClock.now + .milliseconds(timeoutMilliseconds)
        while !answer.contains(10), answer.count < maxBytes {
            let left = ContinuousClock.now.duration(to: deadline)
            guard left > .zero else { throw SystemError(call: "read(\(path))", code: ETIMEDOUT) }
            var poll = pollfd(fd: raw, events: Int16(POLLIN), revents: 0)
            let ready = try Syscall.run("poll") { Glibc.poll(&poll, 1, Int32(Poller.millisecondsRoundedUp(left))) }
            if ready == 0 { continue }
            let count = try Syscall.run("read(\(path))") {
                buffer.withUnsafeMutableBytes { read(raw, $0.baseAddress, $0.count) }
            }
            if count == 0 { break }
            answer += buffer[0..<count]
        }
        let end = answer.firstIndex(of: 10) ?? answer.endIndex
        return String(decoding: answer[..<end], as: UTF8.self)
    }
}
