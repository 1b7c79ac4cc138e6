// One connection attempt of the client daemon: UDP or TCP to one remote, the control session, then
// the TUN device and pushed routes once PUSH_REPLY arrives, and the data path both ways.

import Foundation
import LanCrypto
import LanDataPlane
import LanForwarding
import LanHost
import LanProfile
import LanProtocol
import LanRoutes
import LanValues
import LanWire

extension ClientDaemon {
    /// One attempt at `remote`: how it ended, and whether it got as far as PUSH_REPLY.
    func attempt(_ remote: ClientProfile.Remote) -> (Outcome, configured: Bool) {
        guard let address = host.resolve(remote.host) else {
            return (.unreachable("cannot resolve \(remote.host)"), false)
        }
        let server = IPv4Endpoint(address: address, port: UInt16(remote.port))
        let connection: ClientConnection
        do {
            connection = try ClientConnection(daemon: self, server: server, transport: remote.transport)
        } catch {
            return (.unreachable("\(error)"), false)
        }
        defer { connection.tearDown() }
        do {
            return (try connection.run(), connection.pushed != nil)
        } catch {
            return (.unreachable("\(error)"), connection.pushed != nil)
        }
    }
}

/// One attempt's state: socket, session, and (once configured) TUN, routes and data keys.
final class ClientConnection {
    let daemon: ClientDaemon
    let server: IPv4Endpoint
    let link: ServerLink
    let poller: any EventPoller
    let session: ControlSession
    /// When the attempt started, on the host's clock.
    let start: Timestamp
    var tun: (any DaemonTun)?
    var routes: (any RouteInstaller)?
    /// The data path once PUSH_REPLY arrived (the same DataPeer as the server's members).
    var data: DataPeer?
    var pushed: PushReply?
    var lastReceived: Timestamp = .zero
    var lastSent: Timestamp = .zero
    var heardFromServer = false
    /// Data-channel keys installed in this attempt (the first, then one per renegotiation).
    var keysInstalled = 0
    let received = PacketBatch(capacity: 64)
    let fromTun = PacketBatch(capacity: 64)
    let toServer = PacketBatch(capacity: 128)
    let toTun = PacketBatch(capacity: 128)

    init(daemon: ClientDaemon, server: IPv4Endpoint, transport: ClientProfileTransport) throws {
        self.daemon = daemon
        self.server = server
        link = try ServerLink(
            transport, to: server, bindUDP: daemon.host.bindUDP, connectTCP: daemon.host.connectTCP)
        poller = try daemon.host.makePoller()
        start = daemon.host.clock.now
        try poller.add(link.pollHandle, interest: .readable, token: 1)
        var generator = SystemRandomNumberGenerator()
        let configuration = SessionConfiguration(
            role: .client, tls: daemon.tls, tlsCrypt: daemon.tlsCrypt, options: OCCOptionsString.client,
            peerInfo: PeerInfo.lanstitchClient(ciphers: daemon.profile.dataCiphers).text,
            renegotiateAfter: daemon.profile.renegotiateSeconds.flatMap { $0 > 0 ? .seconds($0) : nil },
            unixTime: UInt32(daemon.host.clock.unixTime))
        session = try ControlSession.client(
            configuration: configuration, localSessionID: .random(using: &generator), now: daemon.host.clock.now)
        lastReceived = start
        lastSent = start
    }

    var now: Timestamp { daemon.host.clock.now }

    /// Runs until the connection ends; returns how.
    func run() throws -> ClientDaemon.Outcome {
        while true {
            if let outcome = try turn() { return outcome }
        }
    }

    /// One pass of the attempt's loop (waiting at most `limit` ms for the socket or the TUN
    /// device); returns how the connection ended, or nil while it goes on. In-process tests call
    /// it with `limit: 0` after moving their clock.
    func turn(waitingAtMost limit: Int = 100) throws -> ClientDaemon.Outcome? {
        let pollTimeout = Duration.seconds(daemon.profile.serverPollTimeout ?? 10)
        if daemon.stopFlag.isSet {
            if pushed?.protocolFlags?.contains(PushReply.ccExit) == true {
                try? session.send(text: "EXIT")
                sendControl()
                try flushToServer()
            }
            return .stopped
        }
        var outcome: ClientDaemon.Outcome?
        _ = try poller.wait(timeoutMilliseconds: limit) { event in
            if event.token == 1 { outcome = try receiveFromServer() ?? outcome } else { try receiveTun() }
        }
        sendControl()
        if let ended = handleEvents() ?? outcome { return ended }
        if !heardFromServer, now > start + pollTimeout { return .unreachable("no answer within \(pollTimeout)") }
        if let ended = keepalive() { return ended }
        try flushToServer()
        try flushTun()
        return nil
    }

    func sendControl() {
        for packet in session.poll(now: now) {
            toServer.append(packet, endpoint: server)
            lastSent = now
        }
    }

    /// Acts on session events; returns an outcome when the connection is over.
    func handleEvents() -> ClientDaemon.Outcome? {
        for event in session.takeEvents() {
            switch event {
            case .configured(let reply):
                do { try configure(reply) } catch { return .fatal("cannot set up the tunnel: \(error)") }
            case .keysReady(let id, let keys):
                try? data?.channel.install(id, keys, now: now)
                keysInstalled += 1
            case .keysRetired(let id):
                data?.channel.retire(id)
            case .message(.halt(let message)):
                return .fatal("the server said HALT\(message.map { ": \($0)" } ?? "")")
            case .message(.restart(let message)):
                return .lost("the server asked to reconnect\(message.map { ": \($0)" } ?? "")")
            case .closed(let reason):
                return reason.hasPrefix("AUTH_FAILED")
                    ? .fatal("the server refused this profile (\(reason))") : .lost(reason)
            case .message, .peerAuthenticated:
                break
            }
        }
        return nil
    }

    /// PUSH_REPLY: create the TUN device with the pushed address, add the pushed routes.
    func configure(_ reply: PushReply) throws {
        guard let interface = reply.ifconfig else { throw DaemonError("the server pushed no ifconfig address") }
        guard let peerID = reply.peerID else {
            throw DaemonError("the server pushed no peer-id (P_DATA_V1 is not supported)")
        }
        let length = interface.netmask.value.nonzeroBitCount
        let device = try daemon.host.openTun(ClientDaemon.device)
        try daemon.host.network.configureTunnel(
            device.name, address: interface.address, prefixLength: length, mtu: reply.tunMTU ?? 1500)
        try poller.add(device.pollHandle, interest: .readable, token: 2)
        tun = device
        let installer = try daemon.host.makeRoutes()
        let desired = Set(
            reply.routes.map {
                KernelRouteEntry(
                    prefix: IPv4Prefix($0.network, length: $0.netmask.value.nonzeroBitCount), device: device.name)
            })
        try installer.reconcile(to: desired)
        routes = installer
        data = DataPeer(channel: DataChannel(peerID: peerID), egress: .datagram(server), now: now)
        pushed = reply
        daemon.log(
            "connected to \(server): \(interface.address)/\(length) on \(device.name), \(desired.count) routes, cipher \(reply.cipher ?? "?"), offload: \(device.offloadState)"
        )
    }

    /// Removes routes and closes the device and socket.
    func tearDown() {
        _ = try? routes?.removeAll()
        try? tun?.close()
        link.close()
        try? poller.close()
    }
}
