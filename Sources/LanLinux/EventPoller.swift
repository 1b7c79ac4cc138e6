// EventPoller: the seam between an event loop and readiness. `Poller` (epoll) is the kernel's;
// an in-memory poller for tests (LanTestKit's FakeHost) reports every registered source as
// ready on each wait, which the TunDevice/PacketLink contracts allow (a read with nothing
// waiting returns 0). Sources are named by a PollHandle: a descriptor, or none for fakes.

/// What an event loop waits on: a kernel descriptor, or nothing (an in-memory source).
public struct PollHandle: Sendable {
    public let descriptor: FileDescriptor?

    public init(_ descriptor: FileDescriptor?) { self.descriptor = descriptor }

    /// An in-memory source (fakes): no descriptor.
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

extension Poller: EventPoller {
    public func add(_ source: PollHandle, interest: PollEvents, token: UInt64) throws {
        guard let descriptor = source.descriptor else { throw SystemError.closed("epoll_ctl(memory source)") }
        try add(descriptor, interest: interest, token: token)
    }

    public func modify(_ source: PollHandle, interest: PollEvents, token: UInt64) throws {
        guard let descriptor = source.descriptor else { throw SystemError.closed("epoll_ctl(memory source)") }
        try modify(descriptor, interest: interest, token: token)
    }

    public func remove(_ source: PollHandle) throws {
        guard let descriptor = source.descriptor else { return }
        try remove(descriptor)
    }
}

extension LinuxTun: Pollable {
    public var pollHandle: PollHandle { PollHandle(descriptor) }
}

extension LinuxUDPSocket: Pollable {
    public var pollHandle: PollHandle { PollHandle(descriptor) }
}

extension LinuxTCPStream: Pollable {
    public var pollHandle: PollHandle { PollHandle(descriptor) }
}

extension LinuxTCPListener: Pollable {
    public var pollHandle: PollHandle { PollHandle(descriptor) }
}

extension LinuxUnixListener: Pollable {
    public var pollHandle: PollHandle { PollHandle(descriptor) }
}
