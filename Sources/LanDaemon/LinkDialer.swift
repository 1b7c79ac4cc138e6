// LinkDialer: one server link this server dials (the plan's `dials`), run inside the server's
// own event loop. It is an OpenVPN client session like a member's, with two differences: it
// presents the server's own certificate (which carries clientAuth), and it accepts only the one
// peer it dials (`verify-x509-name lanstitch-server-PEER name`). While it is up, the forwarding
// table's `.link(PEER)` routes go out through it (LinkSupervisor, DataPlaneEgress).
//
//   idle ─(due)─▶ connecting: socket, hard reset, TLS, key method 2, PUSH_REQUEST
//   connecting ─(PUSH_REPLY with a peer id)─▶ up ─(keys)─▶ data both ways
//   any state ─(refused, silent for too long, transport broke)─▶ idle, retried with capped
//   exponential backoff and jitter (250 ms doubling to 1 s; 30 s after a refusal) — the
//   schedule is Redial's, which `lanstitch up` shares

import LanCrypto
import LanDataPlane
import LanHost
import LanProfile
import LanProtocol
import LanValues
import LanWire

/// The dialling side of one server link.
final class LinkDialer: LinkOutput {
    /// One way to reach the peer, in the order they are tried.
    struct Remote: Equatable {
        /// The peer's endpoint host (resolved at each attempt) and port.
        var host: String
        var port: Int
        var transport: ClientProfile.Transport
    }

    /// The peer server's inventory name.
    let peer: String
    let remotes: [Remote]
    /// TLS with this server's own certificate, accepting only `lanstitch-server-PEER`.
    var tls: TLSContext
    /// The poller token of this dialer's socket.
    let token: UInt64
    /// Where the dialler is and when it tries next (Redial: the schedule `lanstitch up` uses too).
    var redial: Redial
    var state: Redial.State { redial.state }
    var failures: Int { redial.failures }
    /// Whether the peer answered anything during the current attempt.
    var heardThisAttempt = false
    /// Data-channel keys installed since the dialer started (the first, then one per renegotiation).
    var keysInstalled = 0
    /// When a failure was last logged.
    var failureLogged: Timestamp?
    var link: ServerLink?
    var session: ControlSession?
    /// The link's data path: a fresh data channel per attempt (keys once PUSH_REPLY and TLS are
    /// done), the traffic figures kept across attempts.
    let data: DataPeer
    /// True once the current attempt has its data channel (PUSH_REPLY arrived).
    var hasDataChannel = false
    var cipher: String?
    var lastReceived: Timestamp {
        get { data.lastReceived }
        set { data.lastReceived = newValue }
    }
    var lastSent: Timestamp {
        get { data.lastSent }
        set { data.lastSent = newValue }
    }
    var counters: PeerTraffic { data.traffic }
    /// When the link last went down or an attempt failed, and why (for status).
    var changed: Timestamp?
    var lastError: String?
    /// Sealed packets waiting for the end of the loop turn.
    let outgoing = PacketBatch(capacity: 128)

    init(peer: String, remotes: [Remote], tls: TLSContext, token: UInt64) {
        self.peer = peer
        self.remotes = remotes
        self.tls = tls
        self.token = token
        redial = Redial(
            remotes: remotes.count, ceiling: Self.retryCeiling, refusedCeiling: Self.refusedCeiling,
            sameRemoteAfterLoss: true)
        data = DataPeer(channel: DataChannel(peerID: PeerID(0)!), egress: .datagram(.unspecified), now: .zero)
        data.linkName = peer
        data.egress = .link(self)
    }

    /// A fresh data channel for the attempt that got PUSH_REPLY with `peerID`.
    func startDataChannel(peerID: PeerID, renegotiationPacketID: UInt32) {
        data.replace(DataChannel(peerID: peerID, renegotiationPacketID: renegotiationPacketID))
        hasDataChannel = true
    }

    /// Drops the attempt's data channel (no keys: nothing seals or opens until the next one).
    func endDataChannel() {
        data.replace(DataChannel(peerID: PeerID(0)!))
        hasDataChannel = false
    }

    /// True once data can flow both ways.
    var isUp: Bool {
        if case .up = state, data.isReady { return true }
        return false
    }

    // LinkOutput: the data plane seals into `outgoing`; the link's transport sends it.
    var destination: IPv4Endpoint { link?.server ?? .unspecified }

    func sendOutgoing() throws {
        guard let link else { return outgoing.removeAll() }
        try link.send(outgoing)
    }

    /// When the event loop must next look at this dialer: its session's timer, or the next attempt.
    var nextWakeup: Timestamp? {
        if case .idle(let due) = state { return due }
        return session?.nextWakeup
    }

    /// The remote the current (or last) attempt used.
    var currentRemote: Remote { remotes[redial.remote] }

    /// The link's pause after `failures` failures in a row (Redial.backoff with the links'
    /// ceiling): a peer that comes back is found within about `ceiling`.
    static func backoff(
        afterFailures failures: Int, ceiling: Duration = retryCeiling, using generator: inout some RandomNumberGenerator
    ) -> Duration {
        Redial.backoff(afterFailures: failures, ceiling: ceiling, using: &generator)
    }

    /// How long an attempt may wait for the peer's first answer (then the next attempt starts
    /// at once, so a restarted peer is found quickly), and how long a handshake the peer
    /// answered may take in all (slow, lossy paths).
    static let silentAttemptWindow: Duration = .milliseconds(1500)
    static let handshakeWindow: Duration = .seconds(10)
    /// The backoff ceiling while the peer is away: a retry costs a few packets, and a peer that
    /// restarts is found within about a second.
    static let retryCeiling: Duration = .seconds(1)
    /// The backoff ceiling after the peer refused us (a configuration problem, not an outage).
    static let refusedCeiling: Duration = .seconds(30)
    /// How often repeated failures are logged (the first failure always is).
    static let failureLogInterval: Duration = .seconds(30)
}
