// ProfileHarness: the .ovpn lexer and profile parser of `lanstitch up` (issue 16, item 9,
// eighth priority) on fuzzed profile text; files a profile names read as a fixed small PEM,
// or as missing. Invariants: every option and problem is placed on a line of the text, at a
// column of 1 or more; a profile with Windows line ends (CRLF) reads exactly as with LF.
//
// Input: profile text (UTF-8, invalid bytes replaced).

import LanProfile
import LanValues

/// ConfigLexer.lex and ClientProfileParser.parse.
enum ProfileHarness {
    static let harness = FuzzHarness(
        name: "profile",
        summary: "the .ovpn lexer and client-profile parser of lanstitch up",
        maxLength: 8192
    ) { run($0) }

    static let file = "fuzz.ovpn"

    static func run(_ bytes: [UInt8]) {
        let text = String(decoding: bytes, as: UTF8.self)
        let lines = text.utf8.reduce(1) { $1 == 0x0A ? $0 + 1 : $0 }
        let lexed = lex(text)
        for location in lexed.locations { check(location, lines: lines) }
        if !text.utf8.contains(0x0D) {
            let windows = String(decoding: bytes.flatMap { $0 == 0x0A ? [0x0D, 0x0A] : [$0] }, as: UTF8.self)
            fuzzRequire(lex(windows) == lexed, "the profile reads otherwise with CRLF line ends")
        }
        do {
            _ = try ClientProfileParser.parse(text, file: file) { name in
                name.hasSuffix(".key") ? nil : "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n"
            }
        } catch {
            for problem in error.items { check(problem.location, lines: lines) }
        }
    }

    /// What the lexer made of `text`: options and blocks, or the problems.
    static func lex(_ text: String) -> Lexed {
        do {
            let (options, blocks) = try ConfigLexer.lex(text, file: file)
            return Lexed(options: options, blocks: blocks, problems: [])
        } catch {
            return Lexed(options: [], blocks: [], problems: error.items)
        }
    }

    /// The lexer's result as one comparable value.
    struct Lexed: Equatable {
        var options: [ConfigOption]
        var blocks: [InlineBlock]
        var problems: [Diagnostic]

        var locations: [SourceLocation] {
            options.map(\.location) + blocks.map(\.location) + problems.map(\.location)
        }
    }

    static func check(_ location: SourceLocation, lines: Int) {
        fuzzRequire(location.file == file, "a location in \(location.file)")
        fuzzRequire((1...max(1, lines)).contains(location.line), "line \(location.line) of a \(lines)-line profile")
        fuzzRequire(location.column >= 1, "column \(location.column)")
    }
}
