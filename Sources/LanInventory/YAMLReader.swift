// YAMLReader: typed access to a Yams node tree that records a diagnostic for every wrong type,
// unknown key or unreadable value, and keeps going, so one run reports every problem.
//
// Readers return nil (or skip the element) when a value is unusable; the caller never sees a
// half-read value and never traps.

import LanValues
import Yams

/// Reads values out of YAML nodes, collecting one diagnostic per problem.
struct YAMLReader {
    let file: String
    private(set) var diagnostics: [Diagnostic] = []

    init(file: String) { self.file = file }

    /// The source position of a node (the file's start when the node has no mark).
    func location(_ node: Node) -> SourceLocation {
        let mark = node.mark
        return SourceLocation(file: file, line: mark?.line ?? 1, column: mark?.column ?? 1)
    }

    mutating func report(_ node: Node, _ message: String) {
        diagnostics.append(Diagnostic(location(node), message))
    }

    mutating func report(_ location: SourceLocation, _ message: String) {
        diagnostics.append(Diagnostic(location, message))
    }

    /// A short human name for what a node holds, for "expected X, found Y" messages.
    static func kind(of node: Node) -> String {
        switch node {
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .alias: return "an alias"
        case .scalar(let scalar):
            if node.tag.rawValue == Tag.Name.null.rawValue { return "nothing (null)" }
            return "'\(scalar.string)'"
        }
    }

    /// The entries of a mapping, by key, after reporting unknown keys (with the closest known
    /// key as a suggestion) and keys that are not plain strings.
    mutating func mapping(_ node: Node, at path: String, known: [String]) -> [String: (key: Node, value: Node)]? {
        guard case .mapping(let mapping) = node else {
            report(node, "\(path): expected a mapping of keys, found \(Self.kind(of: node))")
            return nil
        }
        var entries: [String: (key: Node, value: Node)] = [:]
        for (key, value) in mapping {
            guard let name = key.scalar?.string else {
                report(key, "\(path): keys must be plain words, found \(Self.kind(of: key))")
                continue
            }
            guard known.contains(name) else {
                let hint = Suggest.closest(to: name, among: known).map { "; did you mean '\($0)'?" } ?? ""
                let knownList = known.joined(separator: ", ")
                report(key, "\(path): unknown key '\(name)'\(hint) (known keys: \(knownList))")
                continue
            }
            entries[name] = (key, value)
        }
        return entries
    }

    /// A plain string. Numbers and booleans written without quotes are refused for names, so a
    /// server called `yes` or `1e3` gets a clear message instead of surprising YAML typing.
    /// Text with a control character (ESC, BEL, CR, a line break, …) is refused: every inventory
    /// value ends up in file names, certificates or terminal output, where none belongs.
    mutating func string(_ node: Node, at path: String) -> Located<String>? {
        guard case .scalar(let scalar) = node, node.tag.rawValue == Tag.Name.str.rawValue else {
            report(
                node, "\(path): expected text, found \(Self.kind(of: node)); put it in quotes if it is meant as text")
            return nil
        }
        if let control = Printable.firstControl(in: scalar.string) {
            report(node, "\(path): '\(scalar.string)' contains the control character \(control); remove it")
            return nil
        }
        return Located(scalar.string, at: location(node))
    }

    /// An integer within `range`.
    mutating func int(_ node: Node, at path: String, in range: ClosedRange<Int>) -> Located<Int>? {
        guard node.tag.rawValue == Tag.Name.int.rawValue, let value = node.int else {
            report(
                node,
                "\(path): expected a whole number from \(range.lowerBound) to \(range.upperBound), found \(Self.kind(of: node))"
            )
            return nil
        }
        guard range.contains(value) else {
            report(
                node, "\(path): \(value) is out of range; use a number from \(range.lowerBound) to \(range.upperBound)")
            return nil
        }
        return Located(value, at: location(node))
    }

    /// `true` or `false`.
    mutating func bool(_ node: Node, at path: String) -> Bool? {
        guard node.tag.rawValue == Tag.Name.bool.rawValue, let value = node.bool else {
            report(node, "\(path): expected true or false, found \(Self.kind(of: node))")
            return nil
        }
        return value
    }

    /// CIDR text such as `10.251.0.0/16`.
    mutating func prefix(_ node: Node, at path: String) -> Located<IPv4Prefix>? {
        guard let text = string(node, at: path) else { return nil }
        switch IPv4Prefix.parse(text.value) {
        case .success(let prefix): return Located(prefix, at: text.location)
        case .failure(let error):
            report(node, "\(path): \(error.message)")
            return nil
        }
    }

    /// A dotted-quad IPv4 address.
    mutating func address(_ node: Node, at path: String) -> Located<IPv4Address>? {
        guard let text = string(node, at: path) else { return nil }
        guard let address = IPv4Address(text.value) else {
            report(node, "\(path): '\(text.value)' is not an IPv4 address (write it as four numbers, e.g. 10.251.0.50)")
            return nil
        }
        return Located(address, at: text.location)
    }

    /// A list, each element read by `element`; unreadable elements are reported and skipped.
    /// A single scalar where a list is expected is reported too (write `[x]`).
    mutating func list<T>(
        _ node: Node, at path: String, element: (inout YAMLReader, Node, String) -> T?
    ) -> [T]? {
        guard case .sequence(let sequence) = node else {
            report(node, "\(path): expected a list, found \(Self.kind(of: node)); write it as [a, b]")
            return nil
        }
        var values: [T] = []
        for (index, item) in sequence.enumerated() {
            if let value = element(&self, item, "\(path)[\(index)]") { values.append(value) }
        }
        return values
    }

    /// One of a fixed set of words, e.g. a topology or a protocol.
    mutating func word<T: RawRepresentable>(_ node: Node, at path: String, as type: T.Type) -> Located<T>?
    where T: CaseIterable, T.RawValue == String {
        guard let text = string(node, at: path) else { return nil }
        guard let value = T(rawValue: text.value) else {
            let choices = T.allCases.map(\.rawValue)
            let hint = Suggest.closest(to: text.value, among: choices).map { "; did you mean '\($0)'?" } ?? ""
            report(node, "\(path): '\(text.value)' is not one of \(choices.joined(separator: ", "))\(hint)")
            return nil
        }
        return Located(value, at: text.location)
    }
}
