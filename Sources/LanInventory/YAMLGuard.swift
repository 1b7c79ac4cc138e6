// YAMLGuard: what is refused before Yams builds a node tree. An inventory is at most 1 MiB, and
// has no YAML aliases (`*name`, `<<: *name`): ten anchors of ten aliases each expand 300 bytes
// into a million nodes, and Yams hashes and walks every one of them (seconds per level, ×10 per
// extra level). No inventory needs them — docs/inventory.md and the examples use none, and
// `defaults:` holds what servers share — so the first alias is an error at its position.
//
// The scan runs libyaml's event parser (the parser under Yams, through Yams' own CYaml module:
// this is the one file that imports it) over the text: events carry no expanded values, so the
// scan is linear in the input whatever it holds. A syntax error stops the scan and is left to
// Yams, which reports it at the same place.

import CYaml
import LanValues

/// The checks made before composing inventory YAML.
enum YAMLGuard {
    /// The largest inventory read, in bytes (1 MiB); an inventory of 1,000 servers is ~100 KiB.
    static let maxBytes = 1 << 20

    /// A diagnostic for text of `byteCount` bytes when that is over `maxBytes`, else nil.
    static func sizeProblem(byteCount: Int, file: String) -> Diagnostic? {
        guard byteCount > maxBytes else { return nil }
        return Diagnostic(
            SourceLocation(file: file, line: 1, column: 1),
            "inventory is larger than 1 MiB (\(maxBytes) bytes), the most lanstitch reads; "
                + "is this the right file? Even thousands of servers fit in far less")
    }

    /// The first reason `text` must not be composed — too large, or an alias at its
    /// `line:col` — or nil when Yams may compose it.
    static func check(_ text: String, file: String) -> Diagnostic? {
        if let tooLarge = sizeProblem(byteCount: text.utf8.count, file: file) { return tooLarge }
        guard !text.isEmpty else { return nil }
        let bytes = Array(text.utf8)
        return bytes.withUnsafeBufferPointer { firstAlias(in: $0, file: file) }
    }

    /// The first alias event in `input`, as a diagnostic; nil at the end of the stream or at a
    /// syntax error (Yams reports that).
    private static func firstAlias(in input: UnsafeBufferPointer<UInt8>, file: String) -> Diagnostic? {
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) == 1 else { return nil }
        defer { yaml_parser_delete(&parser) }
        yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING)
        yaml_parser_set_input_string(&parser, input.baseAddress, input.count)
        var event = yaml_event_t()
        while yaml_parser_parse(&parser, &event) == 1 {
            defer { yaml_event_delete(&event) }
            switch event.type {
            case YAML_ALIAS_EVENT:
                let name = event.data.alias.anchor.map { String(cString: $0) } ?? ""
                let mark = event.start_mark
                return Diagnostic(
                    SourceLocation(file: file, line: Int(mark.line) + 1, column: Int(mark.column) + 1),
                    "YAML alias '*\(name)' is not allowed in an inventory (a few bytes of aliases can expand "
                        + "into millions of values); write the value out where it is used, and put settings "
                        + "every server shares in `defaults:`")
            case YAML_STREAM_END_EVENT:
                return nil
            default:
                continue
            }
        }
        return nil
    }
}
