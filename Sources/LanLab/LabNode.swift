// LabNode: one namespace of a lab — a server, a client or a host on a server's site LAN —
// with the addresses the lab gives it. Recorded in lab.json; computed by LabLayout.

import LanValues

/// What a node of the lab is.
public enum LabRole: String, Codable, Sendable, CaseIterable {
    /// A `lanstitch server` daemon, on the internet segment.
    case server
    /// A member's client (stock openvpn, OpenVPN 3 or `lanstitch up`), on the internet segment.
    case client
    /// A host on a server's site LAN, behind the server.
    case site
}

/// Which client program a client node runs.
public enum ClientProgram: String, Codable, Sendable {
    /// Stock `openvpn --config PROFILE` (the default).
    case openvpn
    /// `lanstitch up PROFILE` (listed in the inventory's `lab.lanstitch_clients`).
    case lanstitch
    /// The OpenVPN 3 core client, `ovpncli PROFILE` (listed in `lab.openvpn3_clients`): the
    /// engine of OpenVPN Connect, a test peer found on PATH.
    case openvpn3
}

/// A network namespace of the lab and what lives in it.
public struct LabNode: Codable, Equatable, Sendable {
    /// The inventory name (server, client), or `<server>-site<N>` for a site host.
    public var name: String
    public var role: LabRole
    /// The network namespace.
    public var namespace: String
    /// The address of `eth0`: TEST-NET for servers and clients, the site LAN for site hosts.
    public var underlay: HostAddress
    /// The node's address on the LAN, which pings target: a server's tunnel address, a
    /// client's lease, a site host's `underlay` address.
    public var lanAddress: IPv4Address
    /// A client's program; nil for servers and site hosts.
    public var program: ClientProgram?
    /// A client's home server, or the server a site host sits behind.
    public var server: String?
    /// The interface at the other end of `eth0`'s veth: a bridge port in the internet
    /// namespace (`p3`), or the site interface in the server's namespace (`site1`).
    public var peerInterface: String
    /// A site host's gateway: the server's address on the site LAN (the subnet's first host).
    public var gateway: HostAddress?

    public init(
        name: String, role: LabRole, namespace: String, underlay: HostAddress, lanAddress: IPv4Address,
        program: ClientProgram? = nil, server: String? = nil, peerInterface: String, gateway: HostAddress? = nil
    ) {
        self.name = name
        self.role = role
        self.namespace = namespace
        self.underlay = underlay
        self.lanAddress = lanAddress
        self.program = program
        self.server = server
        self.peerInterface = peerInterface
        self.gateway = gateway
    }

    /// The node's name, checked for use in the lab's file names (by its role's rules): a name
    /// read back from lab.json is never joined into a path unchecked.
    public func pathName() throws(NameError) -> PathName {
        try PathName(name, role == .server ? .server : role == .client ? .client : .labNode)
    }
}
