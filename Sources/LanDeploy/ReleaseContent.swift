// ReleaseContent: the files of one server's release as deploy would upload them — the
// lanstitch binary plus the server's bundle — each with its SHA-256 and size. Hashes decide
// what changed; nothing is uploaded whose hash the host already has.

import Foundation
import LanCrypto
import LanPKI

/// One file of a release.
public struct ReleaseFile: Sendable, Equatable {
    /// Where the bytes come from: bundle text, or a local file (the binary).
    public enum Source: Sendable, Equatable {
        case text(String)
        case file(String)
    }

    public var name: String
    public var sha256: String
    public var size: Int
    public var mode: Int
    public var source: Source

    public init(name: String, sha256: String, size: Int, mode: Int, source: Source) {
        self.name = name
        self.sha256 = sha256
        self.size = size
        self.mode = mode
        self.source = source
    }

    /// Secret files (keys) are never shown in a diff.
    public var isSecret: Bool { mode & 0o077 == 0 }

    /// Config text whose diff is worth showing (not keys, not the binary).
    public var isText: Bool {
        if case .text = source { return !isSecret }
        return false
    }
}

/// The files of a release, by name order.
public struct ReleaseContent: Sendable, Equatable {
    /// The binary's name inside a release folder.
    public static let binaryName = "lanstitch"

    public var files: [ReleaseFile]

    public init(files: [ReleaseFile]) { self.files = files.sorted { $0.name < $1.name } }

    /// The bundle's files plus the binary at `binary` (hashed once by the caller: `binaryHash`).
    public static func make(bundle: [ServerBundle.File], binary: String, binaryHash: String) throws -> ReleaseContent {
        var files = try bundle.map { file in
            ReleaseFile(
                name: file.name, sha256: try SHA256Digest.hex(of: Data(file.text.utf8)), size: file.text.utf8.count,
                mode: file.secret ? 0o600 : 0o644, source: .text(file.text))
        }
        let size = (try FileManager.default.attributesOfItem(atPath: binary)[.size] as? Int) ?? 0
        files.append(ReleaseFile(name: binaryName, sha256: binaryHash, size: size, mode: 0o755, source: .file(binary)))
        return ReleaseContent(files: files)
    }

    /// A short hash of all names and hashes: the same content always gets the same release id.
    public var fingerprint: String {
        let text = files.map { "\($0.name) \($0.sha256)\n" }.joined()
        return String(((try? SHA256Digest.hex(of: Data(text.utf8))) ?? "00000000").prefix(8))
    }

    public func file(named name: String) -> ReleaseFile? { files.first { $0.name == name } }
}
