// LinuxPollable: the kernel's side of LanHost's EventPoller seam — epoll's Poller as an
// EventPoller, and each Linux handle (TUN, UDP, TCP, Unix listener) as a Pollable named by its
// FileDescriptor.

import LanHost

extension Poller: EventPoller {
    public func add(_ source: PollHandle, interest: PollEvents, token: UInt64) throws {
        guard let descriptor = source.system as? FileDescriptor else {
            throw SystemError.closed("epoll_ctl(memory source)")
        }
        try add(descriptor, interest: interest, token: token)
    }

    public func modify(_ source: PollHandle, interest: PollEvents, token: UInt64) throws {
        guard let descriptor = source.system as? FileDescriptor else {
            throw SystemError.closed("epoll_ctl(memory source)")
        }
        try modify(descriptor, interest: interest, token: token)
    }

    public func remove(_ source: PollHandle) throws {
        guard let descriptor = source.system as? FileDescriptor else { return }
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
