// EventPoller: the seam between an event loop and readiness. `Poller` (epoll) is the kernel's
// (LanLinux); an in-memory poller for tests (LanTestKit's FakeHost) reports every registered source as
// ready on each wait, which the TunDevice/PacketLink contracts allow (a read with nothing
// waiting returns 0). Sources are named by a PollHandle: what the OS poller waits on (LanLinux's
// FileDescriptor), or nothing for fakes.

/// What an event loop waits on: the OS's handle (LanLinux: its FileDescriptor), or nothing (an
/// in-memory source). The handle is only named here, never used: LanHost makes no system calls.
public struct PollHandle: Sendable {
    public let system: (any AnyObject & Sendable)?

    public init(_ system: (any AnyObject & Sendable)?) { self.system = system }

    /// An in-memory source (fakes): no OS handle.
    public static let memory = PollHandle(nil)
}

/// A source of readiness an event loop can wait on.
public protocol Pollable: AnyObject {
    var pollHandle: PollHandle { get }
}

/// Readiness for an event loop. Contract: `add`, `modify` and `remove` register, change and
/// forget a source by token (one token per source); `wait` calls `handle` for each ready source
/// and returns how many, waiting at most `timeoutMilliseconds` (0: never waits).
public protocol EventPoller: AnyObject {
    func add(_ source: PollHandle, interest: PollEvents, token: UInt64) throws
    func modify(_ source: PollHandle, interest: PollEvents, token: UInt64) throws
    func remove(_ source: PollHandle) throws
    func wait(timeoutMilliseconds: Int, _ handle: (PollEvent) throws -> Void) throws -> Int
    /// Releases the poller. Idempotent.
    func close() throws
}
