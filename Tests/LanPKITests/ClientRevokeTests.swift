// Tests that `client revoke` and `client add` take only real client names: a traversal or odd
// name (`../ca`, `../servers/hangzhou`, `/etc/x`, `..`, NUL, ESC, over-long) is refused before
// any file is touched — the whole workspace (every file's bytes and mode) is the same after.

import Foundation
import LanPKI
import LanState
import LanTestKit
import LanValues
import Testing

/// Every file under `folder`: relative path → mode and bytes (what a hash of the tree covers).
func snapshot(_ folder: String) throws -> [String: String] {
    var files: [String: String] = [:]
    let enumerator = try #require(FileManager.default.enumerator(atPath: folder))
    for case let relative as String in enumerator {
        let path = folder + "/" + relative
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        let mode = String((attributes[.posixPermissions] as? Int) ?? -1, radix: 8)
        let bytes = FileManager.default.contents(atPath: path).map { $0.base64EncodedString() } ?? "(folder)"
        files[relative] = mode + " " + bytes
    }
    return files
}

@Suite(.serialized) struct ClientRevokeTests {
    static let badNames = [
        "../ca", "../servers/hangzhou", "../clients/alice", "/etc/passwd", "", ".", "..", "alice/../../ca",
        "a\u{0}b", "a\u{1B}[2J", "bell\u{07}", String(repeating: "a", count: 65),
    ]

    @Test func revokeRefusesEveryNameThatIsNotAClientNameAndChangesNoFile() throws {
        let lan = try ExampleLAN()
        defer { lan.remove() }
        let before = try snapshot(lan.folder)
        #expect(before["gaming.state/pki/ca.key"] != nil)
        #expect(before["gaming.state/pki/servers/hangzhou.key"] != nil)
        for name in Self.badNames {
            #expect(throws: NameError.self, "revoke \(name.debugDescription)") {
                try ClientRegistry.revoke(name, workspace: lan.workspace, now: 1_795_000_100)
            }
            #expect(throws: NameError.self, "add \(name.debugDescription)") {
                try ClientRegistry.add(name, server: "hongkong", workspace: lan.workspace, now: 1_795_000_100)
            }
        }
        #expect(try snapshot(lan.folder) == before, "a refused name changed the workspace")
    }

    @Test func theRefusalNamesTheProblem() throws {
        let lan = try ExampleLAN()
        defer { lan.remove() }
        do {
            _ = try ClientRegistry.revoke("../ca", workspace: lan.workspace, now: 1_795_000_100)
            Issue.record("revoke ../ca was accepted")
        } catch let error as NameError {
            #expect(error.description.hasPrefix("client name '../ca' contains '/'"))
        }
    }

    @Test func aRealClientIsStillRevoked() throws {
        let lan = try ExampleLAN()
        defer { lan.remove() }
        let files = PKIFiles(state: lan.workspace.state)
        let alice = try PathName("alice", .client)
        #expect(files.exists(files.key(alice)))
        let revoked = try ClientRegistry.revoke("alice", workspace: lan.workspace, now: 1_795_000_100)
        #expect(!files.exists(files.key(alice)) && !files.exists(files.certificate(alice)))
        #expect(files.exists(files.retired(alice, serial: revoked.serial)))
        #expect(files.exists(files.caKey))
    }
}
