// ServerDaemon's control side: the front door (only an authentic hard reset creates a
// connection), per-connection control sessions, and what their events mean — accept the
// client with its lease and the plan's routes, install or retire keys, close.

import LanBundle
import LanCrypto
import LanForwarding
import LanHost
import LanProtocol
import LanValues
import LanWire
import Logging

extension ServerDaemon {
    /// A control packet from `transport` (a UDP datagram or one TCP frame).
    func receiveControl(_ bytes: [UInt8], via transport: Transport) {
        if let connection = connection(on: transport) {
            do {
                try connection.session.receive(bytes, now: now)
                connection.lastReceived = now
            } catch {
                // A client that restarted sends a new hard reset from the same address.
                if let (packet, _) = try? TLSCryptFraming.authenticate(bytes, with: frontDoor),
                    packet.opcodeByte.opcode == .controlHardResetClientV2,
                    packet.sessionID != connection.session.remoteSessionID
                {
                    close(connection, reason: "the client started a new session")
                    // A TCP stream closes with its connection; a restarted TCP client dials anew.
                    if case .udp = transport { receiveControl(bytes, via: transport) }
                    return
                }
                counters.drop("control: \(error)")
                return
            }
            pump(connection)
            return
        }
        guard let (packet, packetID) = try? TLSCryptFraming.authenticate(bytes, with: frontDoor),
            packet.opcodeByte.opcode == .controlHardResetClientV2, packet.opcodeByte.keyID == .initial,
            packet.messageID == MessageID(0)
        else {
            counters.drop("front door: not an authentic hard reset")
            return
        }
        guard let peerID = allocatePeerID(),
            let session = try? ControlSession.server(
                configuration: sessionConfiguration, localSessionID: .random(using: &generator), first: packet,
                packetID: packetID, now: now)
        else {
            counters.drop("front door: no session could be made")
            return
        }
        let connection = Connection(
            transport: transport, session: session, peerID: peerID, now: now,
            renegotiationPacketID: renegotiationPacketID)
        switch transport {
        case .udp(let endpoint): byEndpoint[endpoint] = connection
        case .tcp(let peer): peer.connection = connection
        }
        byPeerID[peerID.value] = connection
        counters.sessionsOpened += 1
        pump(connection)
    }

    /// The connection `transport` carries, if any.
    func connection(on transport: Transport) -> Connection? {
        switch transport {
        case .udp(let endpoint): byEndpoint[endpoint]
        case .tcp(let peer): peer.connection
        }
    }

    /// Every connection, on either transport.
    var connections: [Connection] { Array(byEndpoint.values) + tcpPeers.values.compactMap(\.connection) }

    func allocatePeerID() -> PeerID? {
        for _ in 0..<0xFF_FFFF {
            let candidate = nextPeerID
            nextPeerID = (nextPeerID + 1) % 0xFF_FFFF
            if byPeerID[candidate] == nil { return PeerID(candidate) }
        }
        return nil
    }

    /// Sends what the session has to send and acts on its events.
    func pump(_ connection: Connection) {
        for round in 0..<2 {
            for packet in connection.session.poll(now: now) { transmit(packet, to: connection) }
            let events = connection.session.takeEvents()
            if events.isEmpty, round > 0 { break }
            for event in events { handle(event, of: connection) }
        }
    }

    /// Sends a control packet back the way the client came.
    func transmit(_ packet: [UInt8], to connection: Connection) {
        switch connection.transport {
        case .udp(let endpoint):
            if toUDP.count == toUDP.capacity { try? flushUDP() }
            toUDP.append(packet, endpoint: endpoint)
        case .tcp(let peer):
            queue(packet, on: peer)
        }
        connection.lastSent = now
    }

    func handle(_ event: SessionEvent, of connection: Connection) {
        switch event {
        case .peerAuthenticated(let name, let peerInfo, let options):
            authenticate(connection, name: name, peerInfo: peerInfo, options: options)
        case .keysReady(let id, let keys):
            do { try connection.data.install(id, keys, now: now) } catch { close(connection, reason: "keys: \(error)") }
            if id != .initial {
                let message = "\(connection.commonName ?? "client") renegotiated: data keys of key \(id.value)"
                logEvent(.info, "rekey", message, connection, ["key": "\(id.value)"])
            }
        case .keysRetired(let id):
            connection.data.retire(id)
        case .message(.exit):
            close(connection, reason: "the client said EXIT")
        case .message, .configured:
            break
        case .closed(let reason):
            close(connection, reason: reason)
        }
    }

    /// Accepts a client that has a lease in this LAN, or refuses it with AUTH_FAILED. A peer
    /// server (certificate `lanstitch-server-PEER`) is accepted as a link when the plan expects
    /// PEER to dial here.
    func authenticate(_ connection: Connection, name: String, peerInfo: PeerInfo, options: String) {
        if name.hasPrefix(CertificateName.serverPrefix) {
            return authenticateLink(
                connection, peer: String(name.dropFirst(CertificateName.serverPrefix.count)),
                peerInfo: peerInfo, options: options)
        }
        guard let address = configuration.leases[name] else {
            return refuse(
                connection, reason: "no lease",
                log: "refused \(name) from \(connection.transport): no lease for this name in the LAN")
        }
        guard
            let cipherName = CipherNegotiation.choose(
                serverCiphers: configuration.settings.ciphers, peerInfo: peerInfo),
            let cipher = AEADCipher(openVPNName: cipherName)
        else {
            return refuse(
                connection, reason: "no common cipher",
                log: "refused \(name) from \(connection.transport): no common data cipher")
        }
        if let previous = byAddress[address], previous !== connection {
            close(previous, reason: "\(name) connected again")
        }
        connection.commonName = name
        connection.address = address
        connection.acceptedAt = now
        connection.cipher = cipherName
        byAddress[address] = connection
        let length = subnetLength(of: address)
        // lanstitch's own client keeps the links' fast keepalive, so it moves to its fallback
        // server within seconds; stock clients get the members' setting.
        let keepalive = configuration.keepalive
        let (ping, pingRestart) =
            peerInfo.isLanstitch
            ? (keepalive.link_ping, keepalive.link_timeout) : (keepalive.client_ping, keepalive.client_timeout)
        connection.fastKeepalive = peerInfo.isLanstitch
        // With the broadcast relay the member's subnet is the whole LAN (so its LAN broadcast
        // leaves through the tunnel), and the LAN's route is then on-link: not pushed again.
        let routes = configuration.plan.pushedRoutes
            .filter { $0 != IPv4Prefix(address, length: length) }
            .map(PushedRoute.init)
        let push = PushReply.subnet(
            server: configuration.tunnelAddress,
            client: PushedInterface(address: address, netmask: IPv4Address(IPv4Prefix.mask(length))),
            ping: ping, pingRestart: pingRestart, routes: routes, peerID: connection.data.peerID, cipher: cipherName,
            peerInfo: peerInfo, clientOptions: options)
        connection.framing = push.compression ?? .none
        connection.session.accept(push: push, cipher: cipher, now: now)
        counters.handshakesAccepted += 1
        logEvent(
            .info, "connect", "\(name) connected from \(connection.transport) as \(address), cipher \(cipherName)",
            connection, ["address": "\(address)", "cipher": "\(cipherName)"])
    }

    /// Accepts the link from `peer` if the plan has it dial here (and the link is up), with a
    /// push that gives no address (a link is not a member); refuses and logs any other server.
    func authenticateLink(_ connection: Connection, peer: String, peerInfo: PeerInfo, options: String) {
        let plan = configuration.plan
        guard plan.accepts.contains(where: { $0.peer == peer && $0.up }) else {
            return refuse(
                connection, reason: "no planned link",
                log:
                    "refused server \(peer) from \(connection.transport): the plan has no link from \(peer) to \(configuration.settings.server)",
                extra: ["peer": "\(peer)"])
        }
        guard
            let cipherName = CipherNegotiation.choose(
                serverCiphers: configuration.settings.ciphers, peerInfo: peerInfo),
            let cipher = AEADCipher(openVPNName: cipherName)
        else {
            return refuse(
                connection, reason: "no common cipher",
                log: "refused server \(peer) from \(connection.transport): no common data cipher",
                extra: ["peer": "\(peer)"])
        }
        if let previous = acceptedLinks[peer], previous !== connection {
            close(previous, reason: "\(peer) dialled again")
        }
        connection.commonName = CertificateName.serverPrefix + peer
        connection.linkPeer = peer
        connection.acceptedAt = now
        connection.cipher = cipherName
        acceptedLinks[peer] = connection
        var push = PushReply.subnet(
            server: configuration.tunnelAddress,
            client: PushedInterface(address: configuration.tunnelAddress, netmask: IPv4Address(UInt32.max)),
            ping: configuration.keepalive.link_ping, pingRestart: configuration.keepalive.link_timeout,
            peerID: connection.data.peerID, cipher: cipherName, peerInfo: peerInfo,
            clientOptions: options)
        push.ifconfig = nil
        push.routeGateway = nil
        connection.session.accept(push: push, cipher: cipher, now: now)
        counters.handshakesAccepted += 1
        logEvent(
            .info, "link-up", "link from \(peer) accepted from \(connection.transport), cipher \(cipherName)",
            connection, ["direction": "accepts", "cipher": "\(cipherName)"])
    }

    /// Refuses the peer with AUTH_FAILED (`reason` is what it is told), counts and logs it.
    func refuse(_ connection: Connection, reason: String, log message: String, extra: Logger.Metadata = [:]) {
        counters.handshakesRefused += 1
        logEvent(.warning, "refuse", message, connection, extra)
        connection.session.refuse(reason: reason, now: now)
    }

    /// The prefix length of the subnet pushed to the member at `address` (PushedSubnet).
    func subnetLength(of address: IPv4Address) -> Int {
        PushedSubnet.length(
            member: address, pools: ownPools, tunnelAddress: configuration.tunnelAddress,
            relayNetwork: broadcastRelay?.network)
    }

    /// Forgets `connection` (once); a TCP connection's stream closes with it.
    func close(_ connection: Connection, reason: String) {
        switch connection.transport {
        case .udp(let endpoint):
            guard byEndpoint[endpoint] === connection else { return }
            byEndpoint[endpoint] = nil
        case .tcp(let peer):
            guard peer.connection === connection else { return }
            peer.connection = nil
            closeStream(peer)
        }
        byPeerID[connection.data.peerID.value] = nil
        if let address = connection.address, byAddress[address] === connection { byAddress[address] = nil }
        if let peer = connection.linkPeer, acceptedLinks[peer] === connection {
            acceptedLinks[peer] = nil
            observation.acceptedLinkEnded[peer] = (now, reason)
        }
        counters.sessionsClosed += 1
        logEvent(
            connection.address == nil && connection.linkPeer == nil ? .notice : .info, "disconnect",
            "\(connection.commonName ?? "client") at \(connection.transport) disconnected: \(reason)", connection,
            ["reason": "\(reason)"])
    }

    /// Session timers, keepalive pings and the ping-restart timeout (§9.3).
    func runTimers() {
        expireHandshakingStreams()
        expireObservers()
        serviceDialers()
        serviceLinkState()
        probeLinks()
        for connection in connections {
            // A key near its last packet id is renegotiated now, whatever its age.
            if connection.data.needsNewKeys, connection.session.renegotiate(now: now) {
                logEvent(.info, "renegotiate", "keys used up by packets; renegotiating", connection, [:])
            }
            pump(connection)
            guard connection.data.isReady else { continue }
            // Links: the LAN's own keepalive. Members: ping as often as they are told to, and
            // give up after twice their ping-restart (OpenVPN's server default).
            let keepalive = configuration.keepalive
            let isLink = connection.linkPeer != nil || connection.fastKeepalive
            let timeout = isLink ? keepalive.link_timeout : 2 * keepalive.client_timeout
            let ping = isLink ? keepalive.link_ping : keepalive.client_ping
            if now - connection.lastReceived > .seconds(timeout) {
                close(connection, reason: "no packet for \(timeout) s (ping-restart)")
            } else if now - connection.lastSent > .seconds(ping) {
                sendData(DataChannelMessage.pingPayload, to: connection)
            }
        }
    }
}
