// NetlinkError: a failed libnl or system call, with the call's name and libnl's or the
// system's reason, so a failure says which call failed and why.

import CNetlink
import Glibc

/// A libnl or system call that failed.
public struct NetlinkError: Error, CustomStringConvertible, Sendable {
    public var call: String
    public var reason: String

    /// From a negative libnl return code.
    init(_ call: String, libnl code: Int32) {
        self.call = call
        reason = String(cString: nl_geterror(code))
    }

    /// From errno, read at once by the caller.
    init(_ call: String, errno code: Int32) {
        self.call = call
        reason = String(cString: strerror(code))
    }

    public var description: String { "\(call): \(reason)" }
}
