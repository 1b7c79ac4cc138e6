// PKIFiles: where the LAN's keys and certificates live in the state folder, and how they are
// written — atomically, secrets mode 0600, and never over an existing file (a key is replaced
// only by revoking and issuing anew, never silently). Names enter paths only as `PathName`s.
//
//   pki/ca.crt  pki/ca.key  pki/tls-crypt.key  pki/crl.pem  pki/revoked.json
//   pki/servers/NAME.crt  pki/servers/NAME.key
//   pki/clients/NAME.crt  pki/clients/NAME.key
//   pki/revoked/NAME-SERIAL.crt      certificates taken out of use by `client revoke`

import Foundation
import LanState
import LanValues

/// The PKI files of one state folder.
public struct PKIFiles: Sendable {
    public let state: StateFolder
    public var root: String { state.path + "/pki" }

    public init(state: StateFolder) { self.state = state }

    public var caCertificate: String { root + "/ca.crt" }
    public var caKey: String { root + "/ca.key" }
    public var tlsCrypt: String { root + "/tls-crypt.key" }
    public var crl: String { root + "/crl.pem" }
    public var revocations: String { root + "/revoked.json" }
    /// `pki/servers/NAME.crt` or `pki/clients/NAME.crt`, by the name's kind (a checked name:
    /// nothing but a server's or client's name reaches the path).
    public func certificate(_ name: PathName) -> String { leaf(name) + ".crt" }
    /// `pki/servers/NAME.key` or `pki/clients/NAME.key`, by the name's kind.
    public func key(_ name: PathName) -> String { leaf(name) + ".key" }
    /// `pki/revoked/NAME-SERIAL.crt`; `serial` is the certificate's serial in hex.
    public func retired(_ name: PathName, serial: String) -> String {
        root + "/revoked/\(name.text)-\(serial.filter(\.isHexDigit)).crt"
    }

    private func leaf(_ name: PathName) -> String {
        precondition(name.kind != .labNode, "a lab node's name has no certificate of its own")
        return root + (name.kind == .server ? "/servers/" : "/clients/") + name.text
    }

    public func exists(_ path: String) -> Bool { FileManager.default.fileExists(atPath: path) }

    /// The text of a PKI file; a diagnostic naming the file when it cannot be read.
    public func read(_ path: String) throws -> String {
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8)
        else {
            throw damaged(path, exists(path) ? "cannot be read" : "is missing")
        }
        return text
    }

    /// Writes a new file. `secret` files get mode 0600. Refuses to replace an existing file
    /// (atomically: the file appears whole, or not at all when something is already there).
    public func create(_ path: String, _ text: String, secret: Bool) throws {
        try makeFolders(for: path)
        do {
            try AtomicFile.create(Data(text.utf8), at: path, mode: secret ? 0o600 : 0o644)
        } catch let error as FileError where error.errno == EEXIST {
            throw damaged(path, "already exists; lanstitch never overwrites keys or certificates")
        }
    }

    /// Writes a file that is meant to change (the CRL, the revocation list).
    public func replace(_ path: String, _ text: String) throws {
        try makeFolders(for: path)
        try AtomicFile.write(Data(text.utf8), to: path, mode: 0o644)
    }

    /// Moves a file (used to retire revoked certificates and keys).
    public func move(_ from: String, to: String) throws {
        try makeFolders(for: to)
        guard rename(from, to) == 0 else { throw FileError(path: from, operation: "rename", errno: errno) }
    }

    func makeFolders(for path: String) throws {
        let folder = (path as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(
            atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
    }

    /// A diagnostic for a PKI file that is not as lanstitch left it.
    public func damaged(_ path: String, _ what: String) -> Diagnostics {
        Diagnostics([
            Diagnostic(
                SourceLocation(file: path, line: 0, column: 0), "\(what); restore the state folder from a backup")
        ])
    }
}
