// HomeRouterRanges: the private blocks that home routers, ISP boxes and common software put
// their LANs on by default. A member at home on one of them cannot reach LAN hosts in an
// overlapping pool (its own LAN's route wins), so automatic pools avoid them and `check` warns
// about an explicit pool that covers one.

/// Private blocks in common use as home and small-office LANs.
public enum HomeRouterRanges {
    /// Each block with who uses it, as shown in `check`'s warning and docs/inventory.md.
    public static let all: [(prefix: IPv4Prefix, users: String)] = [
        (block(10, 0, 0, 0, 16), "10.0.0.x and 10.0.1.x: Apple, Xfinity and many ISP routers"),
        (block(10, 1, 0, 0, 16), "10.1.1.x and 10.1.10.x: Comcast Business and other ISP routers"),
        (block(10, 8, 0, 0, 16), "10.8.0.x: OpenVPN's default server subnet"),
        (block(10, 10, 0, 0, 16), "10.10.0.x, 10.10.1.x, 10.10.10.x: many routers and mesh systems"),
        (block(10, 42, 0, 0, 16), "10.42.x: k3s pods and NetworkManager's shared connections"),
        (block(10, 100, 0, 0, 16), "10.100.x: several ISP routers"),
        (block(172, 16, 0, 0, 16), "172.16.x: some routers and corporate LANs"),
        (block(172, 17, 0, 0, 16), "172.17.x: Docker's default bridge"),
        (block(192, 168, 0, 0, 16), "192.168.x: almost every home router"),
    ]

    /// The home-router blocks that `prefix` overlaps.
    public static func overlapping(_ prefix: IPv4Prefix) -> [(prefix: IPv4Prefix, users: String)] {
        all.filter { $0.prefix.overlaps(prefix) }
    }

    private static func block(_ a: UInt32, _ b: UInt32, _ c: UInt32, _ d: UInt32, _ length: Int) -> IPv4Prefix {
        IPv4Prefix(IPv4Address(a << 24 | b << 16 | c << 8 | d), length: length)
    }
}
