// FileDescriptor: the one owning wrapper around a Linux file descriptor (TUN, socket, epoll,
// namespace). Closed exactly once — by close() or, failing that, by deinit.

import Glibc
import Synchronization

/// Owns one open file descriptor.
///
/// - Ownership: the descriptor passed to `init(owning:)` belongs to this object; nobody else
///   closes it.
/// - After `close()`: `raw(for:)` throws `SystemError` with `EBADF`, so a closed number that the
///   kernel has since handed to another file can never be used by mistake.
/// - Thread-safety: `raw(for:)` may be called from several threads at once; `close()` must not
///   race with calls still using the number (stop the workers first, then close).
public final class FileDescriptor: Sendable {
    private let value: Atomic<Int32>

    /// Takes ownership of `descriptor` (≥ 0).
    public init(owning descriptor: Int32) {
        precondition(descriptor >= 0, "FileDescriptor needs an open descriptor")
        value = Atomic(descriptor)
    }

    /// Whether `close()` has not run yet.
    public var isOpen: Bool { value.load(ordering: .acquiring) >= 0 }

    /// The descriptor number for one call named `call`; throws `EBADF` after `close()`.
    @inline(__always)
    public func raw(for call: String) throws(SystemError) -> Int32 {
        let descriptor = value.load(ordering: .acquiring)
        guard descriptor >= 0 else { throw SystemError.closed(call) }
        return descriptor
    }

    /// Closes the descriptor. Idempotent: later calls do nothing.
    ///
    /// EINTR is not retried: Linux releases the descriptor before reporting it, so a retry could
    /// close a number another thread has just opened. Any other failure is thrown (once).
    public func close() throws(SystemError) {
        let descriptor = value.exchange(-1, ordering: .acquiringAndReleasing)
        guard descriptor >= 0 else { return }
        if Glibc.close(descriptor) != 0 {
            let code = errno
            if code != EINTR { throw SystemError(call: "close", code: code) }
        }
    }

    deinit {
        let descriptor = value.load(ordering: .acquiring)
        // deinit cannot throw or return; a failed close here has no caller to tell, and the
        // number is released by the kernel either way.
        if descriptor >= 0 { _ = Glibc.close(descriptor) }
    }
}
