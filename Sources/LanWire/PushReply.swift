// PushReply: the options a server pushes to a client in PUSH_REPLY (reference §8.1–8.2), as typed
// values. `options` renders them as the comma-separated config lines of the message, in the order
// of §8.2; `init(options:)` reads them back on the client side. Options the client does not act on
// are kept verbatim in `otherOptions`. Splitting into messages is in PushReplyMessages.swift.

import LanValues

/// `ifconfig <address> <netmask>` (topology subnet).
public struct PushedInterface: Equatable, Hashable, Sendable {
    public let address: IPv4Address
    public let netmask: IPv4Address

    public init(address: IPv4Address, netmask: IPv4Address) {
        self.address = address
        self.netmask = netmask
    }
}

/// `route <network> [<netmask> [<gateway> [<metric>]]]`; no gateway means the route-gateway.
public struct PushedRoute: Equatable, Hashable, Sendable {
    public let network: IPv4Address
    public let netmask: IPv4Address
    public let gateway: IPv4Address?
    public let metric: Int?

    public init(network: IPv4Address, netmask: IPv4Address, gateway: IPv4Address? = nil, metric: Int? = nil) {
        self.network = network
        self.netmask = netmask
        self.gateway = gateway
        self.metric = metric
    }

    /// A route to `prefix` through the route-gateway.
    public init(_ prefix: IPv4Prefix) {
        self.init(network: prefix.network, netmask: IPv4Address(IPv4Prefix.mask(prefix.length)))
    }

    /// The option line.
    public var option: String {
        var words = ["route", network.description, netmask.description]
        if let gateway { words.append(gateway.description) } else if metric != nil { words.append("vpn_gateway") }
        if let metric { words.append(String(metric)) }
        return words.joined(separator: " ")
    }
}

/// The pushed options a client acts on.
public struct PushReply: Equatable, Sendable {
    /// The `protocol-flags` token for control-channel exit notification.
    public static let ccExit = "cc-exit"
    /// The `protocol-flags` / `key-derivation` token for TLS-EKM data keys.
    public static let tlsEKM = "tls-ekm"

    public var routeGateway: IPv4Address?
    /// `topology`: "subnet" for lanstitch.
    public var topology: String?
    public var ping: Int?
    public var pingRestart: Int?
    public var ifconfig: PushedInterface?
    public var routes: [PushedRoute] = []
    public var peerID: PeerID?
    public var cipher: String?
    /// The space-separated tokens after `protocol-flags`.
    public var protocolFlags: [String]?
    public var keyDerivation: String?
    public var tunMTU: Int?
    /// The stub framing from `compress …` or `comp-lzo no`.
    public var compression: CompressionFraming?
    /// Options not listed above, verbatim and in order.
    public var otherOptions: [String] = []

    public init() {}

    /// True if the data keys come from TLS-EKM (`protocol-flags … tls-ekm` or `key-derivation tls-ekm`).
    public var usesTLSEKM: Bool {
        protocolFlags?.contains(Self.tlsEKM) == true || keyDerivation == Self.tlsEKM
    }

    /// The option lines in §8.2 order: route-gateway, topology, ping, ping-restart, ifconfig, routes,
    /// peer-id, cipher, protocol-flags, key-derivation, tun-mtu, compression, then the others.
    public var options: [String] {
        var lines: [String] = []
        if let routeGateway { lines.append("route-gateway \(routeGateway)") }
        if let topology { lines.append("topology \(topology)") }
        if let ping { lines.append("ping \(ping)") }
        if let pingRestart { lines.append("ping-restart \(pingRestart)") }
        if let ifconfig { lines.append("ifconfig \(ifconfig.address) \(ifconfig.netmask)") }
        lines += routes.map(\.option)
        if let peerID { lines.append("peer-id \(peerID.value)") }
        if let cipher { lines.append("cipher \(cipher)") }
        if let protocolFlags { lines.append((["protocol-flags"] + protocolFlags).joined(separator: " ")) }
        if let keyDerivation { lines.append("key-derivation \(keyDerivation)") }
        if let tunMTU { lines.append("tun-mtu \(tunMTU)") }
        switch compression {
        case nil, .none?: break
        case .lzoStub?: lines.append("comp-lzo no")
        case .stubV1?: lines.append("compress stub")
        case .stubV2?: lines.append("compress stub-v2")
        }
        return lines + otherOptions
    }
}
