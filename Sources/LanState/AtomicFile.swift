// AtomicFile: write a file so that a crash leaves either the old or the new content, never a
// torn one, and so that nobody else sharing the folder can steer the write:
//
//   1. a temporary file with a random name in the target's folder, opened with
//      O_CREAT|O_EXCL|O_NOFOLLOW (a file or symbolic link planted there makes the open fail,
//      and another name is drawn), created with the final mode (0600 for secrets)
//   2. written in full, fchmod'ed to the mode (the umask cannot widen or narrow it), fsync'ed
//   3. renamed over the target (`write`), or hard-linked to it so an existing file is never
//      replaced (`create`); rename and link act on the name, never through a link at it
//   4. the folder fsync'ed, so the new name survives a crash too.

import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Atomic whole-file writes.
public enum AtomicFile {
    /// Replaces `path` with `data`, creating it with `mode` (e.g. 0o600 for keys).
    public static func write(_ data: Data, to path: String, mode: mode_t = 0o644) throws {
        let temporary = try TemporaryFile.write(data, beside: path, mode: mode)
        guard rename(temporary, path) == 0 else {
            let error = FileError(path: path, operation: "rename", errno: errno)
            unlink(temporary)
            throw error
        }
        try syncFolder(of: path)
    }

    /// Creates `path` with `data` and `mode`, atomically, only if nothing is at `path` yet.
    /// Throws `FileError` with `EEXIST` (and changes nothing) when something is.
    public static func create(_ data: Data, at path: String, mode: mode_t = 0o644) throws {
        let temporary = try TemporaryFile.write(data, beside: path, mode: mode)
        defer { unlink(temporary) }
        guard link(temporary, path) == 0 else { throw FileError(path: path, operation: "link", errno: errno) }
        try syncFolder(of: path)
    }

    /// fsyncs the folder holding `path`, so a rename or link in it is on disk.
    static func syncFolder(of path: String) throws {
        let folder = TemporaryFile.folder(of: path)
        let fd = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw FileError(path: folder, operation: "open", errno: errno) }
        defer { close(fd) }
        if let failure = TemporaryFile.sync(fd, path: folder) { throw failure }
    }
}

/// The temporary half of an atomic write: a fresh, exclusively created file beside the target.
enum TemporaryFile {
    /// How many random names are tried before giving up (each collision means someone else
    /// made a file of that name: with 64 random bits, only an attacker guessing or a full folder).
    static let attempts = 16

    /// The folder of `path` ("." for a bare file name).
    static func folder(of path: String) -> String {
        let folder = (path as NSString).deletingLastPathComponent
        return folder.isEmpty ? "." : folder
    }

    /// A name not yet used beside `path`: `.NAME.` + 16 random hex digits + `.tmp`.
    static func name(beside path: String) -> String {
        let base = (path as NSString).lastPathComponent
        let random = String(UInt64.random(in: .min ... .max), radix: 16)
        let name = ".\(base.prefix(200)).\(String(repeating: "0", count: 16 - random.count))\(random).tmp"
        let folder = (path as NSString).deletingLastPathComponent
        return folder.isEmpty ? name : (folder as NSString).appendingPathComponent(name)
    }

    /// Writes `data` to a new temporary file beside `path` with `mode`, fsync'ed and closed;
    /// returns its path. On failure nothing is left behind.
    static func write(_ data: Data, beside path: String, mode: mode_t) throws -> String {
        var (temporary, fd) = ("", Int32(-1))
        for _ in 0..<attempts {
            temporary = name(beside: path)
            fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode)
            if fd >= 0 || errno != EEXIST { break }
        }
        guard fd >= 0 else { throw FileError(path: temporary, operation: "open", errno: errno) }
        var failure = fill(fd, with: data, path: temporary)
        if failure == nil, fchmod(fd, mode) != 0 {
            failure = FileError(path: temporary, operation: "fchmod", errno: errno)
        }
        if failure == nil { failure = sync(fd, path: temporary) }
        if close(fd) != 0, failure == nil { failure = FileError(path: temporary, operation: "close", errno: errno) }
        if let failure {
            unlink(temporary)
            throw failure
        }
        return temporary
    }

    /// fsyncs `fd`, retrying EINTR.
    static func sync(_ fd: Int32, path: String) -> FileError? {
        while fsync(fd) != 0 {
            guard errno == EINTR else { return FileError(path: path, operation: "fsync", errno: errno) }
        }
        return nil
    }

    /// Writes all of `data` to `fd`, retrying short writes and EINTR.
    static func fill(_ fd: Int32, with data: Data, path: String) -> FileError? {
        data.withUnsafeBytes { buffer -> FileError? in
            var offset = 0
            while offset < buffer.count {
                let written = Glibc.write(fd, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    return FileError(path: path, operation: "write", errno: errno)
                }
                offset += written
            }
            return nil
        }
    }
}
