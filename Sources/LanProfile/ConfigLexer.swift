// ConfigLexer: OpenVPN's config-file syntax as `lanstitch up` reads it — one option per line,
// words split on spaces and tabs, double or single quotes group words (backslash escapes inside
// double quotes), `#` or `;` start a comment, and `<name>…</name>` holds an inline file.
// Every option and block keeps its line and column for error messages.

import LanValues

/// One option line: its name, its arguments, and where it was written.
public struct ConfigOption: Equatable, Sendable {
    public var name: String
    public var arguments: [String]
    public var location: SourceLocation
}

/// An inline file: `<ca>` … `</ca>`.
public struct InlineBlock: Equatable, Sendable {
    public var name: String
    public var text: String
    public var location: SourceLocation
}

/// Splits config text into options and inline blocks.
public enum ConfigLexer {
    public static func lex(_ text: String, file: String) throws(Diagnostics) -> (
        options: [ConfigOption], blocks: [InlineBlock]
    ) {
        var options: [ConfigOption] = []
        var blocks: [InlineBlock] = []
        var problems: [Diagnostic] = []
        var open: (name: String, lines: [Substring], location: SourceLocation)?
        // Split at "\n" scalars: Swift's Character "\r\n" is not "\n", so a Character split would
        // leave a profile saved with Windows line ends as one line. Each line's "\r" is trimmed below.
        for (index, scalars) in text.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false)
            .enumerated()
        {
            let line = Substring(scalars)
            let number = index + 1
            let trimmed = line.drop { $0 == " " || $0 == "\t" }.reversed().drop {
                $0 == " " || $0 == "\t" || $0 == "\r"
            }.reversed()
            let content = String(trimmed)
            let column = line.count - line.drop { $0 == " " || $0 == "\t" }.count + 1
            let here = SourceLocation(file: file, line: number, column: column)
            if let block = open {
                if content == "</\(block.name)>" {
                    blocks.append(
                        InlineBlock(
                            name: block.name, text: block.lines.joined(separator: "\n") + "\n", location: block.location
                        ))
                    open = nil
                } else {
                    open?.lines.append(line.hasSuffix("\r") ? line.dropLast() : line)
                }
                continue
            }
            if content.isEmpty || content.hasPrefix("#") || content.hasPrefix(";") { continue }
            if content.hasPrefix("<"), content.hasSuffix(">"), !content.hasPrefix("</") {
                open = (String(content.dropFirst().dropLast()), [], here)
                continue
            }
            switch words(content) {
            case .success(let list):
                options.append(ConfigOption(name: list[0], arguments: Array(list.dropFirst()), location: here))
            case .failure(let message):
                problems.append(Diagnostic(here, message.text))
            }
        }
        if let block = open {
            problems.append(Diagnostic(block.location, "<\(block.name)> is never closed; add </\(block.name)>"))
        }
        guard problems.isEmpty else { throw Diagnostics(problems) }
        return (options, blocks)
    }

    struct Message: Error { var text: String }

    /// Splits one line into words, honouring quotes and comments after the option.
    static func words(_ line: String) -> Result<[String], Message> {
        var words: [String] = []
        var current = ""
        var inWord = false
        var quote: Character?
        var escaped = false
        for character in line {
            if let open = quote {
                if escaped {
                    current.append(character)
                    escaped = false
                } else if character == "\\" && open == "\"" {
                    escaped = true
                } else if character == open {
                    quote = nil
                } else {
                    current.append(character)
                }
                continue
            }
            if character == " " || character == "\t" {
                if inWord { words.append(current) }
                current = ""
                inWord = false
            } else if (character == "#" || character == ";") && !inWord {
                break
            } else if character == "\"" || character == "'" {
                quote = character
                inWord = true
            } else {
                current.append(character)
                inWord = true
            }
        }
        if quote != nil { return .failure(Message(text: "a quote is never closed on this line")) }
        if inWord { words.append(current) }
        return words.isEmpty ? .failure(Message(text: "empty option")) : .success(words)
    }
}
