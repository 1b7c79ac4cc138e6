// PathName: the one place where a name that becomes part of a path is checked — a server's
// (pki/servers/NAME.key, SERVER.sock), a client's (pki/clients/NAME.crt, ccd/NAME, NAME.ovpn)
// or a lab node's (lab/logs/NODE.log). Whoever joins a name into a path takes a PathName, so a
// name typed on the command line (`client revoke ../ca`) or read from a state file can never
// reach a file outside its folder. The error says what is wrong and what a name may be.

/// A name checked to be one safe path component and within its kind's rules.
///
/// Every kind refuses: the empty name, `.` and `..`, `/`, NUL and other control characters,
/// and names longer than the kind allows. On top of that, server names are 1–32 of `a`–`z`,
/// `0`–`9` and `-` starting with a letter (they also become interface-name parts and
/// certificate names); client names are 1–64 ASCII letters, digits, `.`, `_` and `-` starting
/// with a letter or digit, and never `lanstitch-…` (reserved for server certificates); lab node
/// names (servers, clients, `SERVER-siteN`) follow the client characters, up to 80.
public struct PathName: Hashable, Sendable, CustomStringConvertible {
    /// What the name names; the rules differ.
    public enum Kind: String, Sendable {
        case server
        case client
        case labNode = "lab node"

        /// The longest name of this kind, in characters (all are ASCII).
        public var maxLength: Int {
            switch self {
            case .server: 32
            case .client: 64
            case .labNode: 80
            }
        }

        /// The rule in words, for the end of every error message: what a valid name looks like.
        public var rule: String {
            switch self {
            case .server: "use 1–32 characters of a–z, 0–9 and '-', starting with a letter"
            case .client:
                "use 1–64 characters of letters, digits, '.', '_' and '-', starting with a letter or digit, "
                    + "and not starting with 'lanstitch-'"
            case .labNode: "use the name of a server or client of the lab"
            }
        }
    }

    public let kind: Kind
    /// The name as written; safe to join into a path as one component.
    public let text: String

    /// Checks `text` as a name of `kind`; throws a `NameError` saying what is wrong.
    public init(_ text: String, _ kind: Kind) throws(NameError) {
        if let problem = Self.problem(with: text, kind) { throw NameError(name: text, kind: kind, problem: problem) }
        self.kind = kind
        self.text = text
    }

    /// Why `text` is not a valid name of `kind` (e.g. "contains '/'"), or nil when it is one.
    public static func problem(with text: String, _ kind: Kind) -> String? {
        guard !text.isEmpty else { return "is empty" }
        if text.utf8.contains(0) { return "contains a NUL byte" }
        if let control = Printable.firstControl(in: text) { return "contains the control character \(control)" }
        if text.contains("/") { return "contains '/': a name becomes one file name, never a path" }
        if text == "." || text == ".." { return "is '\(text)', which names a folder" }
        let length = text.unicodeScalars.count
        guard length <= kind.maxLength else { return "is \(length) characters long, more than \(kind.maxLength)" }
        let lower = ("a"..."z") as ClosedRange<Unicode.Scalar>
        let letter = { (c: Unicode.Scalar) in lower.contains(c) || ("A"..."Z").contains(c) }
        let digit = { (c: Unicode.Scalar) in ("0"..."9").contains(c) }
        let allowed = { (c: Unicode.Scalar) in
            kind == .server
                ? lower.contains(c) || digit(c) || c == "-" : letter(c) || digit(c) || "._-".unicodeScalars.contains(c)
        }
        if let bad = text.unicodeScalars.first(where: { !allowed($0) }) { return "contains '\(bad)'" }
        let first = text.unicodeScalars.first!
        if kind == .server, !lower.contains(first) { return "does not start with a letter" }
        if kind != .server, !letter(first), !digit(first) { return "does not start with a letter or digit" }
        if kind == .client, text.lowercased().hasPrefix("lanstitch-") {
            return "starts with 'lanstitch-', which is reserved for server certificates"
        }
        return nil
    }

    public var description: String { text }
}

/// A name that cannot be used: which name, of what kind, and what is wrong with it.
public struct NameError: Error, Equatable, Sendable, CustomStringConvertible {
    public var name: String
    public var kind: PathName.Kind
    /// What is wrong, as the end of a sentence about the name ("contains '/'").
    public var problem: String

    public init(name: String, kind: PathName.Kind, problem: String) {
        self.name = name
        self.kind = kind
        self.problem = problem
    }

    /// `client name '../ca' contains '/': …; use 1–64 characters of …` (the name escaped).
    public var description: String { "\(kind.rawValue) name '\(Printable.escaped(name))' \(problem); \(kind.rule)" }
}
