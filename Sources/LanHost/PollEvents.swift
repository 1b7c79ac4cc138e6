// PollEvents: what an event loop is told about a source that is ready — readable, writable, an
// error or a hang-up — and the token it was registered with. The bit values are epoll(7)'s, so
// LanLinux's Poller passes them through unchanged (LanLinuxTests checks they match).

/// What a source is ready for (or what went wrong with it).
public struct PollEvents: OptionSet, Hashable, Sendable {
    public let rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    /// Data waiting to be read (EPOLLIN).
    public static let readable = PollEvents(rawValue: 0x001)
    /// Room to write (EPOLLOUT).
    public static let writable = PollEvents(rawValue: 0x004)
    /// An error condition (EPOLLERR; always reported, no need to ask).
    public static let error = PollEvents(rawValue: 0x008)
    /// The peer or device hung up (EPOLLHUP; always reported).
    public static let hangup = PollEvents(rawValue: 0x010)
}

/// One ready source: the token it was registered with and what it is ready for.
public struct PollEvent: Hashable, Sendable {
    public var token: UInt64
    public var events: PollEvents

    public init(token: UInt64, events: PollEvents) {
        self.token = token
        self.events = events
    }
}
