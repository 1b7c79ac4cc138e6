// PathKind: what is at a filesystem path — nothing, a socket, a regular file, a folder, a
// symbolic link or another special file — from lstat(2), or stat(2) through links. The control
// socket's owner uses it to replace only a leftover socket, its clients to explain a non-socket.

import Glibc

/// The kind of filesystem object at a path.
public enum PathKind: String, Sendable, Equatable {
    case missing = "nothing"
    case socket = "a socket"
    case regularFile = "a regular file"
    case directory = "a folder"
    case symbolicLink = "a symbolic link"
    case other = "a special file"

    /// What is at `path`. With `followingLinks` false (lstat) a symbolic link is reported as
    /// one; with true (stat) as what it points to (`missing` for a dangling link). Throws
    /// `SystemError` when the path cannot be looked at (EACCES, ENAMETOOLONG, …).
    public static func at(_ path: String, followingLinks: Bool) throws(SystemError) -> PathKind {
        var info = stat()
        let call = followingLinks ? "stat(\(path))" : "lstat(\(path))"
        let result = followingLinks ? stat(path, &info) : lstat(path, &info)
        guard result == 0 else {
            let code = errno
            if code == ENOENT || code == ENOTDIR { return .missing }
            throw SystemError(call: call, code: code)
        }
        switch info.st_mode & S_IFMT {
        case S_IFSOCK: return .socket
        case S_IFREG: return .regularFile
        case S_IFDIR: return .directory
        case S_IFLNK: return .symbolicLink
        default: return .other
        }
    }
}
