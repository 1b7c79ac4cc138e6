// PushReply: the options a server pushes to a client in PUSH_REPLY (reference §8.1–8.2), as typed
// values. `options` renders them as the comma-separated config lines of the message, in the order
// of §8.2; `init(options:)` reads them back on the client side. Options the client does not act on
// are kept verbatim in `otherOptions`. Splitting into messages is in PushReplyMessages.swift.

import LanValues

/// `ifconfig <address> <netmask>` (topology subnet).
public struct PushedInterface: Equatable, Hashable, Sendable {
    /// The client's tunnel address.
    public let address: IPv4Address
    /// The tunnel network's netmask.
    public let netmask: IPv4Address

    /// The `ifconfig` option's two arguments.
    public init(address: IPv4Address, netmask: IPv4Address) {
        self.address = address
        self.netmask = netmask
    }
}

/// `route <network> [<netmask> [<gateway> [<metric>]]]`; no gateway means the route-gateway.
public struct PushedRoute: Equatable, Hashable, Sendable {
    /// The destination network.
    public let network: IPv4Address
    /// The destination netmask; 255.255.255.255 when omitted.
    public let netmask: IPv4Address
    /// The next hop; nil means the pushed route-gateway (`vpn_gateway`).
    public let gateway: IPv4Address?
    /// The route metric, if given.
    public let metric: Int?

    /// A route; omit `gateway` to use the route-gateway.
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

    /// `route-gateway`: the server's tunnel address, next hop of pushed routes.
    public var routeGateway: IPv4Address?
    /// `topology`: "subnet" for lanstitch.
    public var topology: String?
    /// `ping N`: send a ping after N seconds without sending.
    public var ping: Int?
    /// `ping-restart M`: restart after M seconds without receiving.
    public var pingRestart: Int?
    /// `ifconfig`: the client's address and netmask.
    public var ifconfig: PushedInterface?
    /// `route` options, in order.
    public var routes: [PushedRoute] = []
    /// `peer-id`: present when the client is to send P_DATA_V2.
    public var peerID: PeerID?
    /// `cipher`: the negotiated data-channel cipher (NCP).
    public var cipher: String?
    /// The space-separated tokens after `protocol-flags`.
    public var protocolFlags: [String]?
    /// `key-derivation`: "tls-ekm" for clients without cc-exit.
    public var keyDerivation: String?
    /// `tun-mtu`: pushed only to clients that sent IV_MTU.
    public var tunMTU: Int?
    /// The stub framing from `compress …` or `comp-lzo no`.
    public var compression: CompressionFraming?
    /// Options not listed above, verbatim and in order.
    public var otherOptions: [String] = []

    /// A reply with no options.
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
