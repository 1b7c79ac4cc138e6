// Tests of AtomicFile: random exclusive temporary names (a link planted where the old
// predictable name was is never followed), exact modes whatever the umask, a link at the target
// replaced rather than written through, and `create` that never replaces an existing file.

import Foundation
import Testing

@testable import LanState

#if canImport(Glibc)
    import Glibc
#endif

@Suite(.serialized) struct AtomicFileTests {
    func text(_ path: String) -> String? {
        FileManager.default.contents(atPath: path).map { String(decoding: $0, as: UTF8.self) }
    }
    func mode(_ path: String) throws -> Int {
        try #require(FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int)
    }

    @Test func aLinkPlantedAtThePredictableTemporaryNameIsNeverFollowed() throws {
        let root = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let victim = root + "/victim"
        try Data("victim\n".utf8).write(to: URL(fileURLWithPath: victim))
        // What the old writer opened with O_CREAT|O_TRUNC, following links: `PATH.tmp.PID`.
        let planted = root + "/alice.ovpn.tmp.\(getpid())"
        try FileManager.default.createSymbolicLink(atPath: planted, withDestinationPath: victim)
        try AtomicFile.write(Data("secret key\n".utf8), to: root + "/alice.ovpn", mode: 0o600)
        #expect(text(victim) == "victim\n", "the key was written through the planted link")
        #expect(text(root + "/alice.ovpn") == "secret key\n")
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: planted) == victim)
        let names = try FileManager.default.contentsOfDirectory(atPath: root).sorted()
        #expect(names == ["alice.ovpn", "alice.ovpn.tmp.\(getpid())", "victim"], "a temporary file was left")
    }

    @Test func temporaryNamesAreRandomAndBesideTheTarget() {
        let names = Set((0..<100).map { _ in TemporaryFile.name(beside: "/x/state/addresses.json") })
        #expect(names.count == 100)
        for name in names {
            #expect(name.hasPrefix("/x/state/.addresses.json.") && name.hasSuffix(".tmp"))
            #expect(name.count == "/x/state/.addresses.json.".count + 16 + 4)
        }
        #expect(TemporaryFile.name(beside: "key").hasPrefix(".key."))
    }

    @Test func theModeIsExactWhateverTheUmask() throws {
        let root = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let old = umask(0)
        defer { umask(old) }
        try AtomicFile.write(Data("k".utf8), to: root + "/secret.key", mode: 0o600)
        #expect(try mode(root + "/secret.key") == 0o600)
        umask(0o077)
        try AtomicFile.write(Data("c".utf8), to: root + "/ca.crt", mode: 0o644)
        #expect(try mode(root + "/ca.crt") == 0o644)
        try AtomicFile.create(Data("n".utf8), at: root + "/new.key", mode: 0o600)
        #expect(try mode(root + "/new.key") == 0o600)
    }

    @Test func aLinkAtTheTargetIsReplacedNotWrittenThrough() throws {
        let root = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        try Data("victim\n".utf8).write(to: URL(fileURLWithPath: root + "/victim"))
        try FileManager.default.createSymbolicLink(atPath: root + "/out.ovpn", withDestinationPath: root + "/victim")
        try AtomicFile.write(Data("profile\n".utf8), to: root + "/out.ovpn", mode: 0o600)
        #expect(text(root + "/victim") == "victim\n")
        #expect(text(root + "/out.ovpn") == "profile\n")
        #expect((try? FileManager.default.destinationOfSymbolicLink(atPath: root + "/out.ovpn")) == nil)
    }

    @Test func createNeverReplacesAnExistingFileOrLink() throws {
        let root = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        try AtomicFile.create(Data("first\n".utf8), at: root + "/ca.key", mode: 0o600)
        #expect(text(root + "/ca.key") == "first\n")
        #expect(throws: FileError.self) { try AtomicFile.create(Data("second\n".utf8), at: root + "/ca.key") }
        #expect(text(root + "/ca.key") == "first\n")
        try FileManager.default.createSymbolicLink(
            atPath: root + "/dangling.key", withDestinationPath: root + "/nowhere")
        do {
            try AtomicFile.create(Data("x".utf8), at: root + "/dangling.key")
            Issue.record("create wrote over a link")
        } catch let error as FileError {
            #expect(error.errno == EEXIST)
        }
        #expect(!FileManager.default.fileExists(atPath: root + "/nowhere"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: root).sorted() == ["ca.key", "dangling.key"])
    }

    @Test func aFailedWriteLeavesNothing() throws {
        let root = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        do {
            try AtomicFile.write(Data("x".utf8), to: root + "/missing/file", mode: 0o600)
            Issue.record("a write into a missing folder succeeded")
        } catch let error as FileError {
            #expect(error.operation == "open" && error.errno == ENOENT)
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: root).isEmpty)
    }
}
