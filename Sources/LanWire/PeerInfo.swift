// PeerInfo: the client's `KEY=VALUE\n` lines sent as the last string of key-method 2
// (reference §6.2). Only `IV_*` and `UV_*` names of `[A-Za-z0-9_]` are accepted; other lines are
// kept aside as rejected, as 2.6 logs and ignores them. Values are sanitised as 2.6 does before
// anything reads them.

/// Parsed peer-info lines with typed accessors for the ones the server acts on.
public struct PeerInfo: Equatable, Sendable {
    /// Lines longer than this are cut (2.6 reads them into a 256-byte buffer).
    public static let maxLineLength = 255

    /// Accepted lines, in order: name and sanitised value.
    public let entries: [Entry]
    /// Lines refused by the name rule, as received (after cutting).
    public let rejectedLines: [String]

    /// One `NAME=value` line.
    public struct Entry: Equatable, Sendable {
        /// The variable name, `IV_*` or `UV_*`.
        public let name: String
        /// The value after `=`, sanitised.
        public let value: String

        /// An entry; `PeerInfo(entries:)` applies the line rules.
        public init(name: String, value: String) {
            self.name = name
            self.value = value
        }
    }

    /// Parses peer-info text; never fails (bad lines land in `rejectedLines`).
    public init(text: String) {
        var entries: [Entry] = []
        var rejected: [String] = []
        // Split bytes, not Characters: "\r\n" is one Character in Swift.
        for rawLine in text.utf8.split(separator: 0x0A, omittingEmptySubsequences: true) {
            var line = String(decoding: rawLine.prefix(Self.maxLineLength), as: UTF8.self)
            if line.hasSuffix("\r") { line.removeLast() }
            if let entry = Self.entry(line) { entries.append(entry) } else if !line.isEmpty { rejected.append(line) }
        }
        self.entries = entries
        self.rejectedLines = rejected
    }

    /// Builds peer-info from entries (our client's announcement). Entries are passed through the
    /// receiver's rules, so what `text` sends is exactly what a 2.6 server will read.
    public init(entries: [Entry]) {
        self.init(text: entries.map { "\($0.name)=\($0.value)\n" }.joined())
    }

    /// What lanstitch's client sends (§11): only what it implements. No `IV_MTU` (a pushed tun-mtu
    /// is not honoured) and no `*_STUB` lines (no compression framing at all).
    public static func lanstitchClient(
        version: String = "2.6.14", ciphers: [String] = CipherNegotiation.defaultServerCiphers
    ) -> PeerInfo {
        PeerInfo(entries: [
            Entry(name: "IV_VER", value: version),
            Entry(name: "IV_PLAT", value: "linux"),
            Entry(name: "IV_PROTO", value: String(IVProto.lanstitchClient.rawValue)),
            Entry(name: "IV_NCP", value: "2"),
            Entry(name: "IV_CIPHERS", value: ciphers.joined(separator: ":")),
            Entry(name: "IV_TCPNL", value: "1"),
            Entry(name: "IV_GUI_VER", value: "\(lanstitchGUIPrefix)0.1"),
        ])
    }

    /// The wire text: one `NAME=value\n` line per entry.
    public var text: String { entries.map { "\($0.name)=\($0.value)\n" }.joined() }

    /// The value of the last line named `name` (2.6 sets them as environment variables, so the last wins).
    public subscript(name: String) -> String? { entries.last { $0.name == name }?.value }

    /// `IV_VER`: the client's version, e.g. "2.6.14".
    public var version: String? { self["IV_VER"] }
    /// `IV_PLAT`: the client's platform, e.g. "linux".
    public var platform: String? { self["IV_PLAT"] }
    /// `IV_PROTO` as capability bits; empty if absent or not a number.
    public var proto: IVProto { IVProto(rawValue: self["IV_PROTO"].flatMap { UInt32($0) } ?? 0) }
    /// `IV_NCP`: the NCP level; 2 or more means "supports AES-256-GCM and AES-128-GCM".
    public var ncp: Int? { self["IV_NCP"].flatMap { Int($0) } }
    /// `IV_CIPHERS`, split at ':'; nil if absent.
    public var ciphers: [String]? { self["IV_CIPHERS"].map { $0.split(separator: ":").map(String.init) } }
    /// `IV_MTU`: the tun-mtu the client can handle; its presence lets the server push `tun-mtu`.
    public var mtu: Int? { self["IV_MTU"].flatMap { Int($0) } }
    /// `IV_COMP_STUBv2=1`: the client can do `compress stub-v2` framing (§9.6).
    /// How `lanstitch up` (and a server dialling a peer) names itself in IV_GUI_VER.
    /// (`IV_GUI_VER` is "name version"; 2.6 turns the space into `_`, so it is sent that way.)
    public static let lanstitchGUIPrefix = "lanstitch_"

    /// True when the peer is lanstitch's own client: it can take the LAN's fast keepalive.
    public var isLanstitch: Bool { self["IV_GUI_VER"]?.hasPrefix(Self.lanstitchGUIPrefix) == true }

    public var supportsCompressStubV2: Bool { self["IV_COMP_STUBv2"] == "1" }
    /// `IV_LZO_STUB=1`: the client can do `comp-lzo no` framing.
    public var supportsLZOStub: Bool { self["IV_LZO_STUB"] == "1" }

    /// A line as an entry, or nil if its name is not `IV_`/`UV_` followed by `[A-Za-z0-9_]`.
    static func entry(_ line: String) -> Entry? {
        guard let equals = line.firstIndex(of: "=") else { return nil }
        let name = String(line[..<equals])
        guard name.hasPrefix("IV_") || name.hasPrefix("UV_"),
            name.unicodeScalars.allSatisfy({
                $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "_")
            })
        else { return nil }
        return Entry(name: name, value: sanitise(line[line.index(after: equals)...]))
    }

    /// 2.6's value rule: non-printable characters, spaces, `$`, `(` and `` ` `` become `_`.
    static func sanitise(_ value: Substring) -> String {
        String(
            String.UnicodeScalarView(
                value.unicodeScalars.map { scalar in
                    let printable = scalar.value > 0x20 && scalar.value < 0x7F
                    return printable && !"$(`".unicodeScalars.contains(scalar) ? scalar : "_"
                }))
    }
}
