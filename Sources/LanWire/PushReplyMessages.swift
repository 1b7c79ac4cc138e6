// PushReplyMessages: from a client's address and capabilities to PUSH_REPLY messages, and back.
// The server decides what to push from the client's peer-info and OCC string (reference §8.2),
// splits the options into messages below 1024 bytes with `push-continuation` (§8.1), and the
// client merges continued messages before parsing them.

import LanValues

extension PushReply {
    /// `PUSH_BUNDLE_SIZE`: every message, with its NUL, stays within this many bytes.
    public static let maxMessageBytes = 1024

    /// What a lanstitch server pushes to a client on a `topology subnet` network (§8.2):
    /// route-gateway, topology subnet, ping, ping-restart, ifconfig, routes; peer-id if the client
    /// does P_DATA_V2; the negotiated cipher if any; `protocol-flags cc-exit tls-ekm` (never
    /// dyn-tls-crypt) or `key-derivation tls-ekm` from the IV_PROTO bits; `tun-mtu` if the client
    /// sent IV_MTU; and stub framing for a client configured with compression (§9.6).
    public static func subnet(
        server: IPv4Address, client: PushedInterface, ping: Int, pingRestart: Int, routes: [PushedRoute] = [],
        peerID: PeerID, cipher: String?, peerInfo: PeerInfo, clientOptions: String, tunMTU: Int = 1500
    ) -> PushReply {
        var reply = PushReply()
        reply.routeGateway = server
        reply.topology = "subnet"
        reply.ping = ping
        reply.pingRestart = pingRestart
        reply.ifconfig = client
        reply.routes = routes
        let proto = peerInfo.proto
        if proto.contains(.dataV2) { reply.peerID = peerID }
        reply.cipher = cipher
        if proto.contains(.ccExitNotify) {
            reply.protocolFlags = proto.contains(.tlsKeyExport) ? [ccExit, tlsEKM] : [ccExit]
        } else if proto.contains(.tlsKeyExport) {
            reply.keyDerivation = tlsEKM
        }
        if peerInfo.mtu != nil { reply.tunMTU = tunMTU }
        if OCCOptionsString.usesCompLZO(clientOptions) {
            reply.compression = peerInfo.supportsCompressStubV2 ? .stubV2 : .lzoStub
        }
        return reply
    }

    /// The PUSH_REPLY texts (without NUL) carrying `options`: one message if it fits, otherwise
    /// several, each but the last ending in `push-continuation 2` and the last in
    /// `push-continuation 1`. Throws if an option holds a comma or a non-printable byte, or cannot
    /// fit a message alone.
    public func messages(maxBytes: Int = PushReply.maxMessageBytes) throws(WireError) -> [String] {
        let prefix = "PUSH_REPLY"
        let lines = options
        // Receivers refuse non-printable messages (§8) and split options at commas.
        for line in lines where line.utf8.contains(where: { $0 == 0x2C || $0 < 0x20 || $0 > 0x7E }) {
            throw WireError(
                .invalidValue, field: "pushed option '\(line)'", detail: "contains a comma or a non-printable byte")
        }
        // Text plus NUL within maxBytes.
        let single = ([prefix] + lines).joined(separator: ",")
        if single.utf8.count + 1 <= maxBytes { return [single] }
        let reserve = ",push-continuation 2".utf8.count + 1
        var messages: [String] = []
        var current = prefix
        for line in lines {
            let grown = current.utf8.count + 1 + line.utf8.count
            if grown + reserve > maxBytes {
                guard current != prefix else {
                    throw WireError(.tooLong, field: "pushed option '\(line)'", detail: "does not fit one message")
                }
                messages.append(current + ",push-continuation 2")
                current = prefix
                guard current.utf8.count + 1 + line.utf8.count + reserve <= maxBytes else {
                    throw WireError(.tooLong, field: "pushed option '\(line)'", detail: "does not fit one message")
                }
            }
            current += "," + line
        }
        messages.append(current + ",push-continuation 1")
        return messages
    }
}

/// Merges continued PUSH_REPLY messages on the client side (§8.1).
///
/// Contract: pass the options part of each PUSH_REPLY in order; a reply is returned once a
/// message's last `push-continuation N` is not 2 (or it has none). `push-continuation` options
/// steer the merge and never reach the reply, wherever they stand, as in 2.6 (options.c applies
/// each as it comes, `atoi` of its argument). At most `maxPendingBytes` of options wait; past
/// that the reply is refused and forgotten. Not thread-safe.
public struct PushReplyAssembler {
    /// The most option bytes a continued reply may gather (a LAN of many hundred pushed routes
    /// stays far below it; a server cannot make the client hold more).
    public static let maxPendingBytes = 256 * 1024

    private var pending: [String] = []
    private var pendingBytes = 0

    /// An assembler with nothing pending.
    public init() {}

    /// True while a continued reply is incomplete.
    public var isWaiting: Bool { !pending.isEmpty }

    /// Adds one message's options text (as in `ControlMessage.pushReply(options:)`); returns the
    /// merged reply when complete, nil while more parts are expected. A malformed option, or a
    /// reply over `maxPendingBytes`, discards the whole reply.
    public mutating func add(options text: String) throws(WireError) -> PushReply? {
        var continuation: Int?
        for part in text.split(separator: ",", omittingEmptySubsequences: true) {
            let words = part.split(separator: " ", omittingEmptySubsequences: true)
            guard words.first == "push-continuation" else {
                pending.append(String(part))
                pendingBytes += part.utf8.count
                continue
            }
            if words.count == 2 { continuation = Int(words[1].prefix { $0.isASCII && $0.isNumber }) ?? 0 }
        }
        guard pendingBytes <= Self.maxPendingBytes else {
            defer { (pending, pendingBytes) = ([], 0) }
            throw WireError(
                .tooLong, field: "continued PUSH_REPLY",
                detail: "\(pendingBytes) bytes of options, at most \(Self.maxPendingBytes)")
        }
        if continuation == 2 { return nil }
        defer { (pending, pendingBytes) = ([], 0) }
        return try PushReply(options: pending)
    }
}
