// Diagnostics: what is wrong, where (file:line:col) and how to fix it — the one shape in which
// every user-facing problem with an inventory or state folder is reported.

/// A position in a source file. Lines and columns count from 1; column 0 means "whole line".
public struct SourceLocation: Hashable, Sendable, Comparable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var column: Int

    public init(file: String, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
    }

    public var description: String { "\(file):\(line):\(column)" }

    public static func < (lhs: SourceLocation, rhs: SourceLocation) -> Bool {
        (lhs.file, lhs.line, lhs.column) < (rhs.file, rhs.line, rhs.column)
    }
}

/// One problem, printed as `file:line:col: message`. The message says what is wrong and, where
/// it can, what to write instead. The printed line escapes control characters (`Printable`),
/// so a value quoted from a file can neither break the line nor drive the terminal.
public struct Diagnostic: Error, Hashable, Sendable, CustomStringConvertible {
    public var location: SourceLocation
    public var message: String

    public init(_ location: SourceLocation, _ message: String) {
        self.location = location
        self.message = message
    }

    public var description: String { Printable.escaped("\(location): \(message)") }
}

/// Several problems found at once; thrown when a task cannot go on. Sorted by position.
public struct Diagnostics: Error, Sendable, CustomStringConvertible {
    public var items: [Diagnostic]

    public init(_ items: [Diagnostic]) {
        self.items = items.sorted { ($0.location, $0.message) < ($1.location, $1.message) }
    }

    public var description: String { items.map(\.description).joined(separator: "\n") }
}

/// A value together with where it was written, so later checks can point at it.
public struct Located<Value: Sendable>: Sendable {
    public var value: Value
    public var location: SourceLocation

    public init(_ value: Value, at location: SourceLocation) {
        self.value = value
        self.location = location
    }
}

extension Located: Equatable where Value: Equatable {}
extension Located: Hashable where Value: Hashable {}
