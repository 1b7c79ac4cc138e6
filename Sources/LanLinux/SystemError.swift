// SystemError: a failed system call named with errno read straight after it; and the one helper
// through which every call in this target goes, so EINTR is retried and errno is never lost.

import Glibc

/// A system call that failed: its name and the errno it left.
///
/// Created immediately after the call returns, before anything else can overwrite errno.
public struct SystemError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The call that failed, as its manual page names it (`"recvmmsg"`, `"ioctl(TUNSETIFF)"`).
    public var call: String
    /// The errno value (`EBADF`, `EPERM`, …).
    public var code: Int32

    public init(call: String, code: Int32) {
        self.call = call
        self.code = code
    }

    /// The C library's text for `code` ("Bad file descriptor").
    public var message: String { String(cString: strerror(code)) }

    public var description: String { "\(call) failed: \(message) (errno \(code))" }

    /// The error every seam reports when used after `close()`.
    public static func closed(_ call: String) -> SystemError { SystemError(call: call, code: EBADF) }
}

/// Runs raw system calls: retries EINTR, reads errno at once, and turns failures into `SystemError`.
enum Syscall {
    /// Runs `body` until it returns something other than -1/EINTR. Any other failure throws.
    @inline(__always)
    static func run<Result: FixedWidthInteger>(_ call: String, _ body: () -> Result) throws(SystemError) -> Result {
        while true {
            let result = body()
            if result >= 0 { return result }
            let code = errno
            if code == EINTR { continue }
            throw SystemError(call: call, code: code)
        }
    }

    /// Like `run`, but "would block" (EAGAIN / EWOULDBLOCK) returns nil instead of throwing:
    /// non-blocking descriptors use it to stop a batch without spinning.
    @inline(__always)
    static func runUnlessWouldBlock<Result: FixedWidthInteger>(
        _ call: String, _ body: () -> Result
    ) throws(SystemError) -> Result? {
        while true {
            let result = body()
            if result >= 0 { return result }
            let code = errno
            if code == EINTR { continue }
            if code == EAGAIN || code == EWOULDBLOCK { return nil }
            throw SystemError(call: call, code: code)
        }
    }
}
