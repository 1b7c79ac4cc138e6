// Reading pushed options back into a PushReply on the client side (reference §8.2). Each option
// is a config line of space-separated words. A known option with malformed arguments is an
// error (the client cannot configure itself from it); unknown options are kept verbatim.

import LanValues

extension PushReply {
    /// Parses option lines (the comma-separated parts of one or more merged PUSH_REPLYs, without
    /// `push-continuation`). A repeated option replaces the earlier one, except `route`, which adds.
    public init(options: [String]) throws(WireError) {
        self.init()
        for option in options where !option.isEmpty {
            try apply(option)
        }
    }

    private mutating func apply(_ option: String) throws(WireError) {
        let words = option.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        let arguments = Array(words.dropFirst())
        func bad(_ detail: String) -> WireError {
            WireError(.invalidValue, field: "pushed option '\(option)'", detail: detail)
        }
        func address(_ index: Int) throws(WireError) -> IPv4Address {
            guard index < arguments.count, let value = IPv4Address(arguments[index]) else {
                throw bad("argument \(index + 1) is not an IPv4 address")
            }
            return value
        }
        func number(_ index: Int) throws(WireError) -> Int {
            guard index < arguments.count, let value = Int(arguments[index]), value >= 0 else {
                throw bad("argument \(index + 1) is not a number")
            }
            return value
        }
        func word(_ index: Int) throws(WireError) -> String {
            guard index < arguments.count else { throw bad("missing argument \(index + 1)") }
            return arguments[index]
        }
        switch words.first ?? "" {
        case "route-gateway": routeGateway = try address(0)
        case "topology": topology = try word(0)
        case "ping": ping = try number(0)
        case "ping-restart": pingRestart = try number(0)
        case "ifconfig": ifconfig = PushedInterface(address: try address(0), netmask: try address(1))
        case "route": routes.append(try Self.route(arguments, bad))
        case "peer-id":
            guard let value = PeerID(UInt32(clamping: try number(0))) else { throw bad("above 0xFFFFFF") }
            peerID = value
        case "cipher": cipher = try word(0)
        case "protocol-flags": protocolFlags = arguments
        case "key-derivation": keyDerivation = try word(0)
        case "tun-mtu": tunMTU = try number(0)
        case "compress": compression = try Self.compress(arguments, bad)
        case "comp-lzo":
            guard arguments == ["no"] else { throw bad("only 'comp-lzo no' (stub framing) is supported") }
            compression = .lzoStub
        default: otherOptions.append(option)
        }
    }

    private static func route(_ arguments: [String], _ bad: (String) -> WireError) throws(WireError) -> PushedRoute {
        guard let network = arguments.first.flatMap({ IPv4Address($0) }) else {
            throw bad("network is not an IPv4 address")
        }
        var netmask = IPv4Address(UInt32.max)
        if arguments.count > 1 {
            guard let value = IPv4Address(arguments[1]) else { throw bad("netmask is not an IPv4 address") }
            netmask = value
        }
        var gateway: IPv4Address?
        if arguments.count > 2, arguments[2] != "vpn_gateway" {
            guard let value = IPv4Address(arguments[2]) else { throw bad("gateway is not an IPv4 address") }
            gateway = value
        }
        var metric: Int?
        if arguments.count > 3 {
            guard let value = Int(arguments[3]), value >= 0 else { throw bad("metric is not a number") }
            metric = value
        }
        guard arguments.count <= 4 else { throw bad("too many arguments") }
        return PushedRoute(network: network, netmask: netmask, gateway: gateway, metric: metric)
    }

    private static func compress(_ arguments: [String], _ bad: (String) -> WireError) throws(WireError)
        -> CompressionFraming
    {
        switch arguments {
        case [], ["stub"]: return .stubV1
        case ["stub-v2"]: return .stubV2
        default: throw bad("only stub framing is supported")
        }
    }
}
