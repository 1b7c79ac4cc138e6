// InventoryLoader: file → text → YAML nodes → `Inventory`, with every problem as a diagnostic.

import Foundation
import LanValues
import Yams

/// Reads and checks inventory files.
public enum InventoryLoader {
    /// The outcome of reading an inventory: the inventory when its shape could be read at all,
    /// and every problem found. An inventory with problems must not be planned.
    public struct Loaded: Sendable {
        public var inventory: Inventory?
        public var diagnostics: [Diagnostic]
    }

    /// Reads the file at `path` (at most `YAMLGuard.maxBytes`: a larger file is refused
    /// without being read whole); `path` is kept as written for diagnostics.
    public static func load(path: String) -> Loaded {
        let start = SourceLocation(file: path, line: 1, column: 1)
        guard let data = read(path, limit: YAMLGuard.maxBytes + 1) else {
            let why =
                FileManager.default.fileExists(atPath: path)
                ? "cannot be read (check its permissions)" : "does not exist"
            return Loaded(
                inventory: nil,
                diagnostics: [Diagnostic(SourceLocation(file: path, line: 0, column: 0), "inventory file \(why)")])
        }
        if let tooLarge = YAMLGuard.sizeProblem(byteCount: data.count, file: path) {
            return Loaded(inventory: nil, diagnostics: [tooLarge])
        }
        guard let text = String(data: data, encoding: .utf8) else {
            return Loaded(inventory: nil, diagnostics: [Diagnostic(start, "inventory is not UTF-8 text")])
        }
        return load(text: text, file: path)
    }

    /// The first `limit` bytes of the file at `path`, or nil when it cannot be opened or read.
    static func read(_ path: String, limit: Int) -> Data? {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        do { return try handle.read(upToCount: limit) ?? Data() } catch { return nil }
    }

    /// Reads inventory text; `file` names it in diagnostics. Text over 1 MiB, or with a YAML
    /// alias, is refused before Yams composes it (`YAMLGuard`).
    public static func load(text: String, file: String) -> Loaded {
        if let refused = YAMLGuard.check(text, file: file) { return Loaded(inventory: nil, diagnostics: [refused]) }
        let node: Node?
        do {
            node = try Yams.compose(yaml: text)
        } catch {
            return Loaded(inventory: nil, diagnostics: [syntaxDiagnostic(error, file: file)])
        }
        guard let node else {
            return Loaded(
                inventory: nil,
                diagnostics: [
                    Diagnostic(
                        SourceLocation(file: file, line: 1, column: 1),
                        "inventory is empty; see docs/inventory.md for an example")
                ])
        }
        var reader = YAMLReader(file: file)
        let inventory = InventoryDecoder.decode(node, reader: &reader)
        var diagnostics = reader.diagnostics
        if let inventory { diagnostics += InventoryValidator.validate(inventory) }
        return Loaded(inventory: inventory, diagnostics: Diagnostics(diagnostics).items)
    }

    /// A YAML syntax error as one diagnostic at the place libyaml stopped.
    static func syntaxDiagnostic(_ error: Error, file: String) -> Diagnostic {
        func at(_ mark: Mark) -> SourceLocation { SourceLocation(file: file, line: mark.line, column: mark.column) }
        switch error {
        case YamlError.scanner(let context, let problem, let mark, _),
            YamlError.parser(let context, let problem, let mark, _),
            YamlError.composer(let context, let problem, let mark, _):
            let while_ = context.map { " (\($0.text) at \($0.mark.line):\($0.mark.column))" } ?? ""
            return Diagnostic(at(mark), "YAML syntax: \(problem)\(while_)")
        case YamlError.duplicatedKeysInMapping(let duplicates, let context):
            let keys = duplicates.map { "'\($0)'" }.joined(separator: ", ")
            return Diagnostic(at(context.mark), "key \(keys) appears twice in one mapping; keep one")
        case YamlError.reader(let problem, _, _, _):
            return Diagnostic(SourceLocation(file: file, line: 1, column: 1), "YAML: \(problem)")
        default:
            return Diagnostic(SourceLocation(file: file, line: 1, column: 1), "YAML: \(error)")
        }
    }
}
