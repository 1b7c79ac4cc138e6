// ClientProfile: a standard OpenVPN client profile (.ovpn) as `lanstitch up` needs it — the
// remotes in order, the inline or file CA, certificate, key and tls-crypt key, and the options
// that change the protocol (ciphers, name checks, compression framing, renegotiation).
// Anything it cannot honour is an error with file:line:col, never silently ignored; options
// that do not matter to lanstitch (verb, persist-tun, …) are accepted.

import LanValues

/// A client profile, parsed.
public struct ClientProfile: Equatable, Sendable {
    /// One `remote` line, with the profile's `port`/`proto` defaults applied.
    public struct Remote: Equatable, Sendable {
        public var host: String
        public var port: Int
        public var transport: Transport

        public init(host: String, port: Int, transport: Transport) {
            self.host = host
            self.port = port
            self.transport = transport
        }
    }

    public enum Transport: String, Sendable { case udp, tcp }

    /// Compression framing the server expects (reference §9.6).
    public enum Compression: Equatable, Sendable { case none, lzoNo, stub, stubV2 }

    public var remotes: [Remote] = []
    public var ca = ""
    public var certificate = ""
    public var key = ""
    public var tlsCrypt: String?
    public var dataCiphers: [String] = ["AES-256-GCM", "AES-128-GCM", "CHACHA20-POLY1305"]
    /// `remote-cert-tls server`: the server's certificate must carry EKU serverAuth.
    public var requireServerEKU = false
    /// `verify-x509-name NAME TYPE` with TYPE `name` (exact CN) or `name-prefix`.
    public var verifyName: (name: String, prefix: Bool)?
    public var compression = Compression.none
    public var renegotiateSeconds: Int?
    public var explicitExitNotify: Int?
    public var serverPollTimeout: Int?

    public static func == (lhs: ClientProfile, rhs: ClientProfile) -> Bool {
        lhs.remotes == rhs.remotes && lhs.ca == rhs.ca && lhs.certificate == rhs.certificate && lhs.key == rhs.key
            && lhs.tlsCrypt == rhs.tlsCrypt && lhs.dataCiphers == rhs.dataCiphers
            && lhs.requireServerEKU == rhs.requireServerEKU && lhs.verifyName?.name == rhs.verifyName?.name
            && lhs.verifyName?.prefix == rhs.verifyName?.prefix && lhs.compression == rhs.compression
            && lhs.renegotiateSeconds == rhs.renegotiateSeconds && lhs.explicitExitNotify == rhs.explicitExitNotify
            && lhs.serverPollTimeout == rhs.serverPollTimeout
    }

    /// Options accepted without effect on lanstitch's client.
    static let harmless: Set = [
        "client", "tls-client", "pull", "nobind", "persist-tun", "persist-key", "verb", "mute", "resolv-retry",
        "connect-retry", "connect-retry-max", "remote-random", "float", "mute-replay-warnings", "auth-nocache",
        "setenv", "key-direction", "auth", "topology", "ignore-unknown-option", "dev-type", "route-delay",
        "script-security", "redirect-gateway", "block-outside-dns", "auth-retry", "tun-mtu", "mssfix", "sndbuf",
        "rcvbuf", "fast-io", "disable-dco", "route-nopull", "pull-filter", "route", "dhcp-option",
        "machine-readable-output",
    ]
}

/// Parses client profiles.
public enum ClientProfileParser {
    /// Reads a file a profile names (`ca ca.crt`); nil when it cannot be read.
    public typealias FileReader = (String) -> String?

    /// Parses `text`; `file` names it in errors; relative file options go through `read`.
    public static func parse(_ text: String, file: String, read: @escaping FileReader) throws(Diagnostics)
        -> ClientProfile
    {
        let (options, blocks) = try ConfigLexer.lex(text, file: file)
        var builder = ProfileBuilder(file: file, read: read, blocks: blocks)
        let ignored = Set(options.filter { $0.name == "ignore-unknown-option" }.flatMap(\.arguments))
        for option in options { builder.apply(option, ignoringUnknown: ignored) }
        return try builder.finish(sawClient: options.contains { $0.name == "client" || $0.name == "tls-client" })
    }
}
