// Poller: epoll(7) for the daemon's event loop — register descriptors with a token, wait with a
// timeout in milliseconds, get (token, events) for each ready one. Level-triggered, so a reader
// that stops before "would block" is woken again.

import CLinuxShim
import Glibc
import LanHost

/// An epoll instance.
///
/// - Sizes: one `wait` reports at most `capacity` ready descriptors; the rest come next time.
/// - Ownership: registration does not own the descriptors; remove one before closing it (the
///   kernel drops a closed descriptor on its own only if no duplicate of it remains).
/// - Allocation: `wait` uses an event array allocated once in `init`.
/// - Thread-safety: none; the event loop's thread owns the poller.
/// - After `close()` every call throws `SystemError` with `EBADF`.
public final class Poller {
    /// The epoll descriptor (a poller can itself be registered with another poller).
    public let descriptor: FileDescriptor
    /// The most events one `wait` reports.
    public let capacity: Int
    private let events: UnsafeMutablePointer<epoll_event>

    public init(capacity: Int = 64) throws(SystemError) {
        precondition(capacity > 0, "a poller reports at least one event per wait")
        descriptor = FileDescriptor(owning: try Syscall.run("epoll_create1") { epoll_create1(Int32(EPOLL_CLOEXEC)) })
        self.capacity = capacity
        events = .allocate(capacity: capacity)
        events.initialize(repeating: epoll_event(), count: capacity)
    }

    deinit { events.deallocate() }

    /// Closes the epoll descriptor. Idempotent.
    public func close() throws(SystemError) { try descriptor.close() }

    /// Watches `target` for `interest`; `token` comes back with its events.
    public func add(_ target: FileDescriptor, interest: PollEvents, token: UInt64) throws(SystemError) {
        try control(EPOLL_CTL_ADD, target, interest, token, call: "epoll_ctl(ADD)")
    }

    /// Changes what `target` is watched for, and its token.
    public func modify(_ target: FileDescriptor, interest: PollEvents, token: UInt64) throws(SystemError) {
        try control(EPOLL_CTL_MOD, target, interest, token, call: "epoll_ctl(MOD)")
    }

    /// Stops watching `target`.
    public func remove(_ target: FileDescriptor) throws(SystemError) {
        try control(EPOLL_CTL_DEL, target, [], 0, call: "epoll_ctl(DEL)")
    }

    /// Waits until a watched descriptor is ready or `timeoutMilliseconds` pass (-1: forever,
    /// 0: just look), calls `handle` once per ready descriptor and returns how many there were
    /// (0 on timeout). An interrupted wait (EINTR) resumes with the time that is left.
    @discardableResult
    public func wait(timeoutMilliseconds: Int, _ handle: (PollEvent) throws -> Void) throws -> Int {
        let raw = try descriptor.raw(for: "epoll_wait")
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: .milliseconds(max(timeoutMilliseconds, 0)))
        var ready: Int32 = 0
        while true {
            let timeout =
                timeoutMilliseconds > 0
                ? Self.millisecondsRoundedUp(clock.now.duration(to: deadline)) : Int32(clamping: timeoutMilliseconds)
            ready = epoll_wait(raw, events, Int32(capacity), timeout)
            if ready >= 0 { break }
            let code = errno
            if code != EINTR { throw SystemError(call: "epoll_wait", code: code) }
        }
        for index in 0..<Int(ready) {
            try handle(PollEvent(token: events[index].data.u64, events: PollEvents(rawValue: events[index].events)))
        }
        return Int(ready)
    }

    /// A duration as whole milliseconds, rounded up (so a wait never ends early), at least 0.
    static func millisecondsRoundedUp(_ duration: Duration) -> Int32 {
        let (seconds, attoseconds) = duration.components
        let perMillisecond: Int64 = 1_000_000_000_000_000
        return Int32(clamping: max(0, seconds * 1000 + (attoseconds + perMillisecond - 1) / perMillisecond))
    }

    private func control(
        _ operation: Int32, _ target: FileDescriptor, _ interest: PollEvents, _ token: UInt64, call: String
    ) throws(SystemError) {
        let raw = try descriptor.raw(for: call)
        let targetRaw = try target.raw(for: call)
        var event = epoll_event()
        event.events = interest.rawValue
        event.data.u64 = token
        _ = try Syscall.run(call) { epoll_ctl(raw, operation, targetRaw, &event) }
    }
}
