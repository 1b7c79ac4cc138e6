// The control socket's protocol and client: requests are one bounded JSON line and a refusal
// is the answer; the client's socket errors say what to do.

import Foundation
import LanControl
import LanControlClient
import LanHost
import LanLinux
import Testing

@Suite struct ControlProtocolTests {
    @Test func controlRequestsAreOneJSONLineAndTheErrorIsTheAnswer() {
        #expect(ControlRequest.parse(Array(#"{"request":"status"}"#.utf8)) == .success(.status))
        guard case .failure(let unknown) = ControlRequest.parse(Array(#"{"request":"reboot"}"#.utf8)) else {
            Issue.record("an unknown request was accepted")
            return
        }
        #expect(unknown.line == #"{"error":"unknown request 'reboot'; known: status"}"#)
        for garbage in ["", "status", "{", "[1,2]", "\u{0}\u{1}", #"{"request":5}"#] {
            guard case .failure = ControlRequest.parse(Array(garbage.utf8)) else {
                Issue.record("'\(garbage)' was accepted")
                continue
            }
        }
    }

    @Test func socketErrorsSayWhatToDo() {
        #expect(
            ControlClient.explain(.init(call: "connect", code: 2), path: "/x.sock").contains(
                "is `lanstitch server` running"))
        #expect(
            ControlClient.explain(.init(call: "connect", code: 13), path: "/x.sock").contains("sudo lanstitch status"))
        #expect(ControlClient.explain(.init(call: "connect", code: 111), path: "/x.sock").contains("nobody answers"))
    }
}

@Suite struct ControlSocketPathTests {
    @Test func aPathThatIsNoSocketIsNamedWithWhatItIs() throws {
        let path = NSTemporaryDirectory() + "lanstitch-control-\(UUID().uuidString.prefix(8))"
        try Data("x".utf8).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let serving = try #require(ControlSocket.problemServing(at: path))
        #expect(serving.hasPrefix("\(path) is a regular file, not a socket; lanstitch server replaces only a socket"))
        #expect(ControlSocket.problemServing(at: path + ".missing") == nil)
        do {
            _ = try ControlClient.status(socket: path, timeoutMilliseconds: 100)
            Issue.record("status asked a regular file")
        } catch {
            #expect("\(error)".hasPrefix("\(path) is a regular file, not a socket; give the control socket"))
        }
        #expect(FileManager.default.contents(atPath: path) == Data("x".utf8))
    }
}
