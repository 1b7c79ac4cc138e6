// Poller over a pipe (no privileges needed): times out after the asked time, wakes when a byte
// arrives, forgets removed descriptors, and refuses use after close.

import CLinuxShim
import Glibc
import LanHost
import Testing

@testable import LanLinux

@Suite struct PollerTests {
    /// A pipe's two ends, each owned by a FileDescriptor.
    static func makePipe() throws -> (read: FileDescriptor, write: FileDescriptor) {
        var ends: [Int32] = [-1, -1]
        _ = try Syscall.run("pipe") { pipe(&ends) }
        return (FileDescriptor(owning: ends[0]), FileDescriptor(owning: ends[1]))
    }

    /// LanHost spells the readiness bits as numbers (it makes no system calls); they must be epoll's.
    @Test func pollEventsAreEpollBits() {
        #expect(PollEvents.readable.rawValue == EPOLLIN.rawValue)
        #expect(PollEvents.writable.rawValue == EPOLLOUT.rawValue)
        #expect(PollEvents.error.rawValue == EPOLLERR.rawValue)
        #expect(PollEvents.hangup.rawValue == EPOLLHUP.rawValue)
    }

    @Test func timesOutAfterTheTimeoutWithNoEvents() throws {
        let (readEnd, writeEnd) = try Self.makePipe()
        defer { withExtendedLifetime(writeEnd) {} }
        let poller = try Poller()
        try poller.add(readEnd, interest: .readable, token: 7)
        let clock = ContinuousClock()
        var events: [PollEvent] = []
        let start = clock.now
        let count = try poller.wait(timeoutMilliseconds: 60) { events.append($0) }
        let elapsed = start.duration(to: clock.now)
        #expect(count == 0 && events.isEmpty)
        #expect(elapsed >= .milliseconds(59))
        #expect(elapsed < .seconds(2))
        #expect(try poller.wait(timeoutMilliseconds: 0) { _ in } == 0)
    }

    @Test func wakesWhenTheDescriptorBecomesReadable() throws {
        let (readEnd, writeEnd) = try Self.makePipe()
        let poller = try Poller()
        try poller.add(readEnd, interest: .readable, token: 7)
        var byte: UInt8 = 0x2A
        let raw = try writeEnd.raw(for: "write")
        #expect(try Syscall.run("write") { write(raw, &byte, 1) } == 1)
        var events: [PollEvent] = []
        #expect(try poller.wait(timeoutMilliseconds: 2000) { events.append($0) } == 1)
        #expect(events == [PollEvent(token: 7, events: .readable)])

        try poller.modify(readEnd, interest: .readable, token: 8)
        events = []
        #expect(try poller.wait(timeoutMilliseconds: 2000) { events.append($0) } == 1)
        #expect(events.first?.token == 8, "level-triggered: unread data wakes again, with the new token")

        try poller.remove(readEnd)
        #expect(try poller.wait(timeoutMilliseconds: 0) { _ in } == 0)
    }

    @Test func reportsHangupWhenTheWriterCloses() throws {
        let (readEnd, writeEnd) = try Self.makePipe()
        let poller = try Poller()
        try poller.add(readEnd, interest: .readable, token: 1)
        try writeEnd.close()
        var events: [PollEvent] = []
        #expect(try poller.wait(timeoutMilliseconds: 2000) { events.append($0) } == 1)
        #expect(events.first?.events.contains(.hangup) == true)
    }

    @Test func refusesUseAfterClose() throws {
        let (readEnd, _) = try Self.makePipe()
        let poller = try Poller()
        try poller.close()
        try poller.close()
        #expect(throws: SystemError(call: "epoll_wait", code: EBADF)) {
            try poller.wait(timeoutMilliseconds: 0) { _ in }
        }
        #expect(throws: SystemError(call: "epoll_ctl(ADD)", code: EBADF)) {
            try poller.add(readEnd, interest: .readable, token: 0)
        }
        #expect(!poller.descriptor.isOpen)
    }

    @Test func roundsTimeLeftUpToWholeMilliseconds() {
        #expect(Poller.millisecondsRoundedUp(.milliseconds(5)) == 5)
        #expect(Poller.millisecondsRoundedUp(.microseconds(5001)) == 6)
        #expect(Poller.millisecondsRoundedUp(.nanoseconds(1)) == 1)
        #expect(Poller.millisecondsRoundedUp(.zero) == 0)
        #expect(Poller.millisecondsRoundedUp(.milliseconds(-3)) == 0)
    }
}
