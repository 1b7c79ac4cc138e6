// IPv4Endpoint: an IPv4 address and UDP or TCP port as a value (LanLinux adds its sockaddr_in form).

/// An IPv4 address and port: the source of a received datagram or the destination of one to send.
public struct IPv4Endpoint: Hashable, Sendable, CustomStringConvertible {
    public var address: IPv4Address
    public var port: UInt16

    public init(address: IPv4Address, port: UInt16) {
        self.address = address
        self.port = port
    }

    /// 0.0.0.0:0 — "no endpoint" in a fresh batch slot; as a bind address, any address, any port.
    public static let unspecified = IPv4Endpoint(address: IPv4Address(0), port: 0)

    public var description: String { "\(address):\(port)" }
}
