// NetworkNamespace: run work inside a named network namespace (`ip netns add NAME`) without
// moving the calling thread. Network namespaces belong to threads, and a netlink or other
// socket lives in the namespace of the thread that created it; so the work runs on a fresh
// thread that enters the namespace first and then ends, leaving every pooled thread as it was.

import CNetlink
import Foundation
import Glibc

/// Entering named network namespaces.
public enum NetworkNamespace {
    /// Runs `body` on a dedicated thread inside the namespace `/var/run/netns/NAME` and returns
    /// its result. Blocks the caller until `body` ends.
    public static func run<T>(in name: String, _ body: @escaping @Sendable () throws -> T) throws -> T {
        let path = "/var/run/netns/\(name)"
        let box = ResultBox<T>()
        let thread = Thread {
            box.set(
                Result {
                    let fd = open(path, O_RDONLY | O_CLOEXEC)
                    guard fd >= 0 else { throw NetlinkError("open(\(path))", errno: errno) }
                    defer { close(fd) }
                    guard lanstitch_setns_net(fd) == 0 else { throw NetlinkError("setns(\(path))", errno: errno) }
                    return try body()
                })
        }
        thread.start()
        return try box.wait().get()
    }
}

/// Hands a result from the namespace thread to the waiting caller.
private final class ResultBox<T>: @unchecked Sendable {
    // @unchecked: `result` is written once under `condition` and read after the signal.
    private let condition = NSCondition()
    private var result: Result<T, Error>?

    func set(_ value: Result<T, Error>) {
        condition.lock()
        result = value
        condition.signal()
        condition.unlock()
    }

    func wait() -> Result<T, Error> {
        condition.lock()
        defer { condition.unlock() }
        while result == nil { condition.wait() }
        return result!
    }
}
