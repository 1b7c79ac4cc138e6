// UnixSocketAddress: a filesystem path as a sockaddr_un for bind(2) and connect(2), refusing
// paths that do not fit (108 bytes with the terminating NUL).

import CLinuxShim
import Glibc

enum UnixSocketAddress {
    /// The most bytes a path may have.
    static var maxPathBytes: Int { MemoryLayout.size(ofValue: sockaddr_un().sun_path) - 1 }

    /// Calls `body` with `path` as a sockaddr and its length; ENAMETOOLONG when it does not fit.
    static func with<Result>(
        _ path: String, call: String, _ body: (UnsafePointer<sockaddr>, socklen_t) throws(SystemError) -> Result
    ) throws(SystemError) -> Result {
        let bytes = Array(path.utf8)
        guard !bytes.isEmpty, bytes.count <= maxPathBytes, !bytes.contains(0) else {
            throw SystemError(call: call, code: ENAMETOOLONG)
        }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (index, byte) in bytes.enumerated() { raw[index] = byte }
        }
        let length = socklen_t(MemoryLayout<sockaddr_un>.size)
        return try withUnsafeBytes(of: &address) { raw throws(SystemError) in
            try body(raw.baseAddress!.assumingMemoryBound(to: sockaddr.self), length)
        }
    }
}
