// EndpointRole: which end of an OpenVPN connection this process is. The role fixes the TLS
// role (the OpenVPN server is always the TLS server) and every key direction: tls-crypt
// (reference/openvpn-protocol.md §3.4) and the data channel (§7.1) use opposite mappings.

/// The server or the client end of one OpenVPN connection.
public enum EndpointRole: Sendable, Equatable {
    case server
    case client

    /// The role of the other end.
    public var peer: EndpointRole { self == .server ? .client : .server }
}
