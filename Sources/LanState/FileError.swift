// FileError: a failed file operation of the state folder's writers, with the path, the call
// and the system's reason, read from errno straight after the call.

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
