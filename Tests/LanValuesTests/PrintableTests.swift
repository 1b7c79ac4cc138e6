// Tests that text echoed in errors cannot drive a terminal: control characters are escaped.

import LanValues
import Testing

@Suite struct PrintableTests {
    @Test func ordinaryTextIsUnchanged() {
        for text in ["hangzhou", "bob smith", "10.0.0.0/8", "杭州", "Zoë", ""] {
            #expect(Printable.escaped(text) == text)
        }
    }

    @Test func terminalEscapesAreWrittenOut() {
        #expect(Printable.escaped("a\u{1B}[31mred") == "a\\u{1B}[31mred")
        #expect(Printable.escaped("bell\u{07}") == "bell\\u{7}")
        #expect(Printable.escaped("over\rwrite") == "over\\rwrite")
        #expect(Printable.escaped("two\nlines\tand") == "two\\nlines\\tand")
        #expect(Printable.escaped("nul\u{0}") == "nul\\u{0}")
        #expect(Printable.escaped("del\u{7F} c1\u{9B}") == "del\\u{7F} c1\\u{9B}")
        #expect(Printable.escaped("bidi\u{202E}txt") == "bidi\\u{202E}txt")
        #expect(Printable.firstControl(in: "ok\u{1B}]0;title\u{07}") == "\\u{1B}")
        #expect(Printable.firstControl(in: "ok") == nil)
    }

    @Test func linesKeepTheirBreaks() {
        #expect(Printable.escapedLines("one\u{1B}\ntwo\r") == "one\\u{1B}\ntwo\\r")
    }

    @Test func diagnosticsPrintOneLineWithNoControlCharacter() {
        let diagnostic = Diagnostic(
            SourceLocation(file: "inv\u{1B}.yaml", line: 3, column: 5), "region '\u{1B}]0;owned\u{07}\nfake' bad")
        #expect(diagnostic.description == "inv\\u{1B}.yaml:3:5: region '\\u{1B}]0;owned\\u{7}\\nfake' bad")
        #expect(!diagnostic.description.unicodeScalars.contains(where: Printable.needsEscape))
    }
}
