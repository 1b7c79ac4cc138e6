// Admission: the pure decision taken once a peer's TLS handshake and key method 2 are done —
// is it a member of this LAN, a planned server link, or refused — and what it is pushed. A
// function of the configuration and what the peer sent; the sessions act on the result.
//
//   name lanstitch-server-PEER ─▶ the plan has PEER dial here (and the link is up)?
//                                 ─▶ common cipher? ─▶ link(PEER, push without an address)
//   any other name ─▶ a lease in the LAN? ─▶ common cipher? ─▶ member(lease, push)
//   otherwise ─▶ refuse(reason told to the peer, line for the log)

import LanBundle
import LanCrypto
import LanHost
import LanProtocol
import LanValues
import LanWire

/// What to do with a peer that authenticated.
enum AdmissionDecision {
    /// A member with its lease; `fastKeepalive` for lanstitch's own client.
    case member(address: IPv4Address, push: PushReply, cipher: AEADCipher, cipherName: String, fastKeepalive: Bool)
    /// A server link the plan has `peer` dial here.
    case link(peer: String, push: PushReply, cipher: AEADCipher, cipherName: String)
    /// AUTH_FAILED with `reason`; `log` says why to the operator.
    case refuse(reason: String, log: String, peer: String?)
}

/// The admission rules of one server.
struct Admission {
    let configuration: DaemonConfiguration
    /// This server's pools, and the broadcast relay's network when the relay is on.
    let pools: [IPv4Prefix]
    let relayNetwork: IPv4Prefix?

    /// Decides for the peer whose certificate says `name`, coming from `origin` (for the log),
    /// whose data channel will use `peerID`.
    func decide(name: String, peerInfo: PeerInfo, options: String, peerID: PeerID, origin: String)
        -> AdmissionDecision
    {
        if name.hasPrefix(CertificateName.serverPrefix) {
            return decideLink(
                peer: String(name.dropFirst(CertificateName.serverPrefix.count)), peerInfo: peerInfo,
                options: options, peerID: peerID, origin: origin)
        }
        guard let address = configuration.leases[name] else {
            return .refuse(
                reason: "no lease", log: "refused \(name) from \(origin): no lease for this name in the LAN", peer: nil)
        }
        guard let (cipher, cipherName) = cipher(for: peerInfo) else {
            return .refuse(
                reason: "no common cipher", log: "refused \(name) from \(origin): no common data cipher", peer: nil)
        }
        let length = PushedSubnet.length(
            member: address, pools: pools, tunnelAddress: configuration.tunnelAddress, relayNetwork: relayNetwork)
        // lanstitch's own client keeps the links' fast keepalive, so it moves to its fallback
        // server within seconds; stock clients get the members' setting.
        let keepalive = configuration.keepalive
        let (ping, pingRestart) =
            peerInfo.isLanstitch
            ? (keepalive.link_ping, keepalive.link_timeout) : (keepalive.client_ping, keepalive.client_timeout)
        // With the broadcast relay the member's subnet is the whole LAN (so its LAN broadcast
        // leaves through the tunnel), and the LAN's route is then on-link: not pushed again.
        let routes = configuration.plan.pushedRoutes
            .filter { $0 != IPv4Prefix(address, length: length) }
            .map(PushedRoute.init)
        let push = PushReply.subnet(
            server: configuration.tunnelAddress,
            client: PushedInterface(address: address, netmask: IPv4Address(IPv4Prefix.mask(length))),
            ping: ping, pingRestart: pingRestart, routes: routes, peerID: peerID, cipher: cipherName,
            peerInfo: peerInfo, clientOptions: options)
        return .member(
            address: address, push: push, cipher: cipher, cipherName: cipherName, fastKeepalive: peerInfo.isLanstitch)
    }

    /// A peer server: accepted as a link if the plan has it dial here, pushed no address (a
    /// link is not a member).
    func decideLink(peer: String, peerInfo: PeerInfo, options: String, peerID: PeerID, origin: String)
        -> AdmissionDecision
    {
        let server = configuration.settings.server
        guard configuration.plan.accepts.contains(where: { $0.peer == peer && $0.up }) else {
            return .refuse(
                reason: "no planned link",
                log: "refused server \(peer) from \(origin): the plan has no link from \(peer) to \(server)", peer: peer
            )
        }
        guard let (cipher, cipherName) = cipher(for: peerInfo) else {
            return .refuse(
                reason: "no common cipher", log: "refused server \(peer) from \(origin): no common data cipher",
                peer: peer)
        }
        let keepalive = configuration.keepalive
        var push = PushReply.subnet(
            server: configuration.tunnelAddress,
            client: PushedInterface(address: configuration.tunnelAddress, netmask: IPv4Address(UInt32.max)),
            ping: keepalive.link_ping, pingRestart: keepalive.link_timeout, peerID: peerID, cipher: cipherName,
            peerInfo: peerInfo, clientOptions: options)
        push.ifconfig = nil
        push.routeGateway = nil
        return .link(peer: peer, push: push, cipher: cipher, cipherName: cipherName)
    }

    /// The data cipher both sides have, by the server's preference.
    func cipher(for peerInfo: PeerInfo) -> (AEADCipher, String)? {
        guard let name = CipherNegotiation.choose(serverCiphers: configuration.settings.ciphers, peerInfo: peerInfo),
            let cipher = AEADCipher(openVPNName: name)
        else { return nil }
        return (cipher, name)
    }
}
