// SSHAddress: a server's `ssh:` key, `user@host[:port]`, as `lanstitch deploy` dials it with
// the system OpenSSH client. Parsing is pure; the decoder reports text that does not parse.

/// Where deploy logs in: a user name, a host name or IPv4 address, and a port (22 by default).
public struct SSHAddress: Hashable, Sendable, CustomStringConvertible {
    public var user: String
    public var host: String
    public var port: Int

    public init(user: String, host: String, port: Int = 22) {
        self.user = user
        self.host = host
        self.port = port
    }

    /// `user@host` or `user@host:port`; nil when the text is anything else. The user is letters,
    /// digits, `.`, `_` and `-` (what `useradd` accepts), and cannot start with `-` (no option
    /// smuggled into the ssh command line).
    public init?(_ text: String) {
        let halves = text.split(separator: "@", omittingEmptySubsequences: false)
        guard halves.count == 2, let user = halves.first, Self.isUserName(user) else { return nil }
        let parts = halves[1].split(separator: ":", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), InventoryDecoder.isHostName(String(parts[0])) else { return nil }
        var port = 22
        if parts.count == 2 {
            guard let number = Int(parts[1]), (1...65535).contains(number) else { return nil }
            port = number
        }
        self.init(user: String(user), host: String(parts[0]), port: port)
    }

    static func isUserName(_ text: Substring) -> Bool {
        guard let first = text.first, first != "-", text.count <= 32 else { return false }
        return text.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "._-".contains($0)) }
    }

    /// `user@host`, with `:port` only when it is not 22.
    public var description: String { port == 22 ? "\(user)@\(host)" : "\(user)@\(host):\(port)" }

    /// How known_hosts names this host: `host`, or `[host]:port` for another port.
    public var knownHostsName: String { port == 22 ? host : "[\(host)]:\(port)" }
}
