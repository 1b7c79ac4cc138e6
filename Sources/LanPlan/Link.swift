// Link: a server-to-server tunnel of the plan. One side dials (as an OpenVPN client of the
// other), the other accepts; routing treats the link as undirected with a cost.

/// The name of a link regardless of direction: its two server names in sorted order. Written
/// `a-b` (as in `plan --fail a-b`).
public struct LinkID: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let a: String
    public let b: String

    public init(_ x: String, _ y: String) {
        (a, b) = x <= y ? (x, y) : (y, x)
    }

    public var description: String { "\(a)-\(b)" }

    public static func < (lhs: LinkID, rhs: LinkID) -> Bool { (lhs.a, lhs.b) < (rhs.a, rhs.b) }

    /// The other end of the link, seen from `server`.
    public func peer(of server: String) -> String? {
        server == a ? b : server == b ? a : nil
    }

    /// Parses `a-b` where server names may contain '-': the split whose two sides are both
    /// known server names. Nil when no split (or more than one) fits.
    public static func parse(_ text: String, servers: Set<String>) -> LinkID? {
        var found: [LinkID] = []
        for index in text.indices where text[index] == "-" {
            let left = String(text[..<index])
            let right = String(text[text.index(after: index)...])
            if servers.contains(left), servers.contains(right) { found.append(LinkID(left, right)) }
        }
        return found.count == 1 ? found[0] : nil
    }
}

/// Why a link exists; shown in plans so people can see where each link came from.
public enum LinkOrigin: String, Sendable, Codable {
    case topology, uplink, links
}

/// A planned link: `dialer` connects to `listener`'s endpoint.
public struct Link: Hashable, Sendable {
    public var dialer: String
    public var listener: String
    /// Positive routing cost (default 10).
    public var cost: Int
    public var origin: LinkOrigin

    public init(dialer: String, listener: String, cost: Int, origin: LinkOrigin) {
        self.dialer = dialer
        self.listener = listener
        self.cost = cost
        self.origin = origin
    }

    public var id: LinkID { LinkID(dialer, listener) }
}
