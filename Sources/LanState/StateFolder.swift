// StateFolder: the folder beside the inventory that remembers what lanstitch generated —
// pools, leases (addresses.json), and later the PKI. Layout in docs/state.md.
//
// Every write is atomic (AtomicFile); read-modify-write sequences hold an exclusive lock
// (`withLock`) so two commands at once cannot hand out one address twice. A damaged file is
// reported, never silently replaced.

import Foundation
import LanPlan
import LanValues

#if canImport(Glibc)
    import Glibc
#endif

/// The state folder of one inventory.
public struct StateFolder: Sendable {
    /// The folder's path.
    public let path: String

    public init(path: String) { self.path = path }

    /// The state folder of the inventory at `inventoryPath`: `state_dir:` (relative to the
    /// inventory's folder) if given, else `<inventory folder>/<inventory name>.state`.
    public init(inventoryPath: String, stateDir: String?) {
        let folder = (inventoryPath as NSString).deletingLastPathComponent
        let base = folder.isEmpty ? "." : folder
        if let stateDir {
            path = stateDir.hasPrefix("/") ? stateDir : (base as NSString).appendingPathComponent(stateDir)
        } else {
            let name = ((inventoryPath as NSString).lastPathComponent as NSString).deletingPathExtension
            path = (base as NSString).appendingPathComponent("\(name).state")
        }
    }

    public var addressesPath: String { (path as NSString).appendingPathComponent("addresses.json") }
    var lockPath: String { (path as NSString).appendingPathComponent(".lock") }

    public var exists: Bool { FileManager.default.fileExists(atPath: path) }

    /// Creates the folder (mode 0700: it will hold private keys) if it does not exist.
    public func create() throws {
        guard !exists else { return }
        guard mkdir(path, 0o700) == 0 || errno == EEXIST else {
            throw FileError(path: path, operation: "mkdir", errno: errno)
        }
    }

    /// Runs `body` holding the folder's exclusive lock (flock on `.lock`); waits for other
    /// lanstitch commands working on the same folder.
    public func withLock<T>(_ body: () throws -> T) throws -> T {
        try create()
        let fd = open(lockPath, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw FileError(path: lockPath, operation: "open", errno: errno) }
        defer { close(fd) }
        while flock(fd, LOCK_EX) != 0 {
            guard errno == EINTR else { throw FileError(path: lockPath, operation: "flock", errno: errno) }
        }
        defer { flock(fd, LOCK_UN) }
        return try body()
    }

    /// The recorded address book; an empty one when the folder or file does not exist yet.
    /// Throws a diagnostic when the file is damaged or of an unknown version.
    public func readAddressBook() throws -> AddressBook {
        let file = addressesPath
        guard let data = FileManager.default.contents(atPath: file) else {
            if FileManager.default.fileExists(atPath: file) {
                throw Diagnostics([
                    Diagnostic(
                        SourceLocation(file: file, line: 0, column: 0),
                        "state file cannot be read; check its permissions")
                ])
            }
            return AddressBook()
        }
        let here = SourceLocation(file: file, line: 1, column: 1)
        let book: AddressBook
        do {
            book = try JSONDecoder().decode(AddressBook.self, from: data)
        } catch {
            throw Diagnostics([
                Diagnostic(
                    here,
                    "state file is damaged (\(Self.describe(error))); restore it from a backup. lanstitch will not overwrite it"
                )
            ])
        }
        guard book.version == AddressBook.currentVersion else {
            throw Diagnostics([
                Diagnostic(
                    here,
                    "state file has format version \(book.version), this lanstitch reads version \(AddressBook.currentVersion); use a matching lanstitch"
                )
            ])
        }
        return book
    }

    /// Records `book` if it differs from what is stored. Returns true when the file changed.
    @discardableResult
    public func writeAddressBook(_ book: AddressBook) throws -> Bool {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        var data = try encoder.encode(book)
        data.append(0x0A)
        if FileManager.default.contents(atPath: addressesPath) == data { return false }
        try create()
        try AtomicFile.write(data, to: addressesPath, mode: 0o600)
        return true
    }

    static func describe(_ error: Error) -> String {
        switch error {
        case DecodingError.dataCorrupted(let context), DecodingError.typeMismatch(_, let context),
            DecodingError.valueNotFound(_, let context), DecodingError.keyNotFound(_, let context):
            let path = context.codingPath.map(\.stringValue).joined(separator: ".")
            return path.isEmpty ? context.debugDescription : "at \(path): \(context.debugDescription)"
        default:
            return "\(error)"
        }
    }
}
