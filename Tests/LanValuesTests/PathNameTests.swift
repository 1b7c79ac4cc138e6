// Tests of PathName, the one check of every name that becomes part of a path: traversal and
// odd names are refused with a message saying what is wrong and what a name may be.

import LanValues
import Testing

@Suite struct PathNameTests {
    @Test func validNamesPass() throws {
        #expect(try PathName("hangzhou", .server).text == "hangzhou")
        #expect(try PathName("hk-2", .server).text == "hk-2")
        #expect(try PathName("Bob.Smith_2-x", .client).text == "Bob.Smith_2-x")
        #expect(try PathName("7of9", .client).text == "7of9")
        #expect(try PathName("hangzhou-site1", .labNode).text == "hangzhou-site1")
        #expect(try PathName(String(repeating: "a", count: 64), .client).text.count == 64)
    }

    @Test(arguments: [
        ("../ca", "contains '/': a name becomes one file name, never a path"),
        ("../servers/hangzhou", "contains '/': a name becomes one file name, never a path"),
        ("/etc/passwd", "contains '/': a name becomes one file name, never a path"),
        ("", "is empty"),
        (".", "is '.', which names a folder"),
        ("..", "is '..', which names a folder"),
        ("a\u{0}b", "contains a NUL byte"),
        ("a\u{1B}[2Jb", "contains the control character \\u{1B}"),
        ("bell\u{07}", "contains the control character \\u{7}"),
        ("cr\r", "contains the control character \\r"),
        (String(repeating: "a", count: 65), "is 65 characters long, more than 64"),
        ("bob smith", "contains ' '"),
        ("zoë", "contains 'ë'"),
        ("-x", "does not start with a letter or digit"),
        (".hidden", "does not start with a letter or digit"),
        ("Lanstitch-server-x", "starts with 'lanstitch-', which is reserved for server certificates"),
    ])
    func badClientNamesAreRefused(name: String, problem: String) {
        #expect(PathName.problem(with: name, .client) == problem)
        #expect(throws: NameError(name: name, kind: .client, problem: problem)) { try PathName(name, .client) }
    }

    @Test func serverNamesAreStricter() {
        #expect(PathName.problem(with: "Hangzhou", .server) == "contains 'H'")
        #expect(PathName.problem(with: "1st", .server) == "does not start with a letter")
        #expect(PathName.problem(with: "a.b", .server) == "contains '.'")
        #expect(
            PathName.problem(with: String(repeating: "a", count: 33), .server) == "is 33 characters long, more than 32")
        #expect(
            PathName.problem(with: "../hangzhou", .server) == "contains '/': a name becomes one file name, never a path"
        )
    }

    @Test func theErrorSaysWhatIsWrongAndHowToFixIt() {
        let error = NameError(name: "../ca", kind: .client, problem: "contains '/'")
        #expect(
            error.description
                == "client name '../ca' contains '/'; use 1–64 characters of letters, digits, '.', '_' and '-', "
                + "starting with a letter or digit, and not starting with 'lanstitch-'")
        let escaped = NameError(name: "x\u{1B}]0;t\u{07}", kind: .server, problem: "p")
        #expect(escaped.description.hasPrefix("server name 'x\\u{1B}]0;t\\u{7}' p; use 1–32"))
    }
}
