// LinuxUnixListener at a path that holds something else: a regular file, a folder or a
// symbolic link is refused with ENOTSOCK and left exactly as it was; a leftover socket is
// replaced; a live one is refused. Unix sockets need no namespace: these run as any user.

import Foundation
import Glibc
import Testing

@testable import LanLinux

@Suite(.serialized) struct UnixListenerTests {
    func folder() throws -> String {
        let path = NSTemporaryDirectory() + "lanstitch-unix-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    @Test func aRegularFileAtThePathIsRefusedAndKept() throws {
        let root = try folder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let path = root + "/important.conf"
        try Data("keep me\n".utf8).write(to: URL(fileURLWithPath: path))
        #expect(throws: SystemError(call: "bind(\(path))", code: ENOTSOCK)) { try LinuxUnixListener(path: path) }
        #expect(FileManager.default.contents(atPath: path) == Data("keep me\n".utf8))
        #expect(try PathKind.at(path, followingLinks: false) == .regularFile)
    }

    @Test func aFolderOrALinkAtThePathIsRefusedAndKept() throws {
        let root = try folder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        try FileManager.default.createDirectory(atPath: root + "/dir", withIntermediateDirectories: false)
        #expect(throws: SystemError.self) { try LinuxUnixListener(path: root + "/dir") }
        #expect(try PathKind.at(root + "/dir", followingLinks: false) == .directory)
        try Data("victim\n".utf8).write(to: URL(fileURLWithPath: root + "/victim"))
        try FileManager.default.createSymbolicLink(atPath: root + "/link.sock", withDestinationPath: root + "/victim")
        #expect(throws: SystemError(call: "bind(\(root)/link.sock)", code: ENOTSOCK)) {
            try LinuxUnixListener(path: root + "/link.sock")
        }
        #expect(try PathKind.at(root + "/link.sock", followingLinks: false) == .symbolicLink)
        #expect(FileManager.default.contents(atPath: root + "/victim") == Data("victim\n".utf8))
    }

    @Test func aLeftoverSocketIsReplacedAndALiveOneRefused() throws {
        let root = try folder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let path = root + "/s.sock"
        #expect(try PathKind.at(path, followingLinks: false) == .missing)
        let first = try LinuxUnixListener(path: path)
        #expect(try PathKind.at(path, followingLinks: false) == .socket)
        #expect(throws: SystemError(call: "bind(\(path))", code: EADDRINUSE)) { try LinuxUnixListener(path: path) }
        try first.descriptor.close()  // the socket file stays behind, as a killed server's would
        #expect(try PathKind.at(path, followingLinks: false) == .socket)
        let second = try LinuxUnixListener(path: path)
        try second.close()
        #expect(try PathKind.at(path, followingLinks: false) == .missing)
    }
}
