// AtomicFile: write a file so that a crash leaves either the old or the new content, never a
// torn one — write a temporary file in the same folder, fsync, rename over, fsync the folder.

import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A failed file operation, with the path, the call and the system's reason.
public struct FileError: Error, CustomStringConvertible, Sendable {
    public var path: String
    public var operation: String
    public var errno: Int32

    public init(path: String, operation: String, errno: Int32) {
        self.path = path
        self.operation = operation
        self.errno = errno
    }

    public var description: String { "\(path): \(operation) failed: \(String(cString: strerror(errno)))" }
}

/// Atomic whole-file writes.
public enum AtomicFile {
    /// Replaces `path` with `data`, creating it with `mode` (e.g. 0o600 for keys).
    public static func write(_ data: Data, to path: String, mode: mode_t = 0o644) throws {
        let folder = (path as NSString).deletingLastPathComponent
        let temporary = "\(path).tmp.\(getpid())"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode)
        guard fd >= 0 else { throw FileError(path: temporary, operation: "open", errno: errno) }
        var failure: FileError?
        data.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = Glibc.write(fd, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    failure = FileError(path: temporary, operation: "write", errno: errno)
                    return
                }
                offset += written
            }
        }
        if failure == nil, fchmod(fd, mode) != 0 {
            failure = FileError(path: temporary, operation: "fchmod", errno: errno)
        }
        if failure == nil, fsync(fd) != 0 { failure = FileError(path: temporary, operation: "fsync", errno: errno) }
        close(fd)
        if let failure {
            unlink(temporary)
            throw failure
        }
        guard rename(temporary, path) == 0 else {
            let error = FileError(path: path, operation: "rename", errno: errno)
            unlink(temporary)
            throw error
        }
        let folderFD = open(folder.isEmpty ? "." : folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if folderFD >= 0 {
            _ = fsync(folderFD)
            close(folderFD)
        }
    }
}
