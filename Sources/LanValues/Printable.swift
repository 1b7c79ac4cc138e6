// Printable: text that came from a user or a file, made safe to echo on a terminal. Control
// characters (ESC, BEL, CR, NUL, …) and the invisible bidirectional overrides are written as
// escapes, so an inventory value can never move the cursor, retitle the window, recolour the
// screen or hide part of an error line. Diagnostics and every error line go through here.

/// Escaping of the characters a terminal would act on instead of show.
public enum Printable {
    /// `text` with each control character written as an escape: `\n`, `\r`, `\t`, and
    /// `\u{1B}`-style for the rest (C0, DEL, C1 and the bidirectional controls U+061C,
    /// U+200E–U+200F, U+202A–U+202E, U+2066–U+2069). Everything else is kept as it is, so
    /// ordinary text (and non-Latin names) reads unchanged.
    public static func escaped(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: needsEscape) else { return text }
        var out = ""
        out.reserveCapacity(text.utf8.count + 8)
        for scalar in text.unicodeScalars {
            guard needsEscape(scalar) else {
                out.unicodeScalars.append(scalar)
                continue
            }
            switch scalar {
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default: out += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
            }
        }
        return out
    }

    /// `text` escaped line by line: its line breaks are kept (a message of several lines stays
    /// several lines), every other control character is escaped.
    public static func escapedLines(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { escaped(String($0)) }
            .joined(separator: "\n")
    }

    /// Whether `scalar` is one that `escaped` rewrites.
    public static func needsEscape(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00...0x1F, 0x7F...0x9F: return true
        case 0x061C, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069: return true
        default: return false
        }
    }

    /// The first character of `text` that `escaped` would rewrite, escaped, or nil.
    public static func firstControl(in text: String) -> String? {
        text.unicodeScalars.first(where: needsEscape).map { escaped(String($0)) }
    }
}
