// ExposedPort: a service of a server's host that members may reach through the tunnel
// (`expose: [ssh, 8080/tcp]` in the inventory); everything else on the host is closed to them.

/// A TCP or UDP port opened to members on a server's host.
public struct ExposedPort: Hashable, Sendable, CustomStringConvertible {
    public enum Transport: String, Sendable { case tcp, udp }

    public var port: UInt16
    public var transport: Transport

    public init(port: UInt16, transport: Transport) {
        self.port = port
        self.transport = transport
    }

    /// Services known by name.
    public static let named: [String: ExposedPort] = [
        "ssh": ExposedPort(port: 22, transport: .tcp), "http": ExposedPort(port: 80, transport: .tcp),
        "https": ExposedPort(port: 443, transport: .tcp), "dns": ExposedPort(port: 53, transport: .udp),
    ]

    /// `ssh`, `http`, `https`, `dns`, or `PORT/tcp` / `PORT/udp` (1–65535); nil otherwise.
    public init?(_ text: String) {
        if let known = Self.named[text] {
            self = known
            return
        }
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let port = UInt16(parts[0]), port > 0,
            let transport = Transport(rawValue: String(parts[1]))
        else { return nil }
        self.init(port: port, transport: transport)
    }

    /// `PORT/tcp` or `PORT/udp`.
    public var description: String { "\(port)/\(transport.rawValue)" }
}
