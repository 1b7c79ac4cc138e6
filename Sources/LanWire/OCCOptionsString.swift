// OCCOptionsString: the options ("OCC") string each side sends in key method 2 (reference §6.3).
// A mismatch only produces warnings in 2.x, so lanstitch sends the stock strings and reads just
// the two facts 2.6 takes from the peer's: `cipher X` and `,comp-lzo,`.

/// The options string of key method 2.
public enum OCCOptionsString {
    /// What a stock 2.6 server sends; lanstitch's server sends exactly this.
    public static let server =
        "V4,dev-type tun,link-mtu 1541,tun-mtu 1500,proto UDPv4,auth SHA1,keysize 128,key-method 2,tls-server"

    /// What a stock 2.6 client sends; lanstitch's client sends exactly this.
    public static let client =
        "V4,dev-type tun,link-mtu 1541,tun-mtu 1500,proto UDPv4,auth SHA1,keysize 128,key-method 2,tls-client"

    /// The comma-separated options of `text`.
    public static func options(_ text: String) -> [Substring] {
        text.split(separator: ",", omittingEmptySubsequences: true)
    }

    /// True if the peer uses `comp-lzo`/`compress` framing (the option `comp-lzo` is present).
    public static func usesCompLZO(_ text: String) -> Bool {
        options(text).contains("comp-lzo")
    }

    /// The `cipher X` the peer lists, if any ("poor man's NCP" when no cipher is pushed).
    public static func cipher(_ text: String) -> String? {
        for option in options(text) where option.hasPrefix("cipher ") {
            return String(option.dropFirst("cipher ".count))
        }
        return nil
    }
}
