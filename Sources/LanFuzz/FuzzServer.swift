// FuzzServer: the server end of one connection as the daemon runs it, for the control-path
// harnesses — the front door until an authentic HARD_RESET_CLIENT_V2 arrives, then a server
// ControlSession whose events are answered as ServerDaemon+Control answers them (accept with
// the daemon's push, refuse when no cipher is common, drop on close). Every packet the server
// sends is checked: it must authenticate with the client's tls-crypt keys and decode.

import LanCrypto
import LanProtocol
import LanValues
import LanWire

/// One connection's server side under a manual clock.
///
/// Contract: `deliver` one wire packet at a time; `advance` moves the clock (never back).
/// Owns its session; nothing is shared between instances but the `FuzzLAN`.
final class FuzzServer {
    let lan: FuzzLAN
    private(set) var session: ControlSession?
    private(set) var now = Timestamp.zero
    /// Packets the server sent and nobody took yet (`takeSent`).
    private var outbox: [[UInt8]] = []
    /// Packets the server sent so far.
    private(set) var sent = 0
    /// Sessions the front door created.
    private(set) var sessions = 0

    init(lan: FuzzLAN = .shared) { self.lan = lan }

    /// Hands one UDP payload to the session, or to the front door when there is none.
    func deliver(_ wire: [UInt8]) {
        if let session {
            try? session.receive(wire, now: now)
        } else if let (first, id) = try? TLSCryptFraming.authenticate(wire, with: lan.frontDoor),
            first.opcodeByte.opcode == .controlHardResetClientV2
        {
            session = try? ControlSession.server(
                configuration: lan.server, localSessionID: FuzzLAN.serverSessionID, first: first, packetID: id,
                now: now)
            sessions += 1
        }
        poll()
    }

    /// Moves the clock on by `interval` and runs the session's timers.
    func advance(by interval: Duration) {
        now = now + interval
        poll()
    }

    /// Runs the session's timers at its next wakeups, at most `limit` times and never more
    /// than `horizon` past now: retransmissions, hand-window, renegotiation, lame duck.
    func runTimers(limit: Int, horizon: Duration = .seconds(180)) {
        let end = now + horizon
        for _ in 0..<limit {
            guard let wake = session?.nextWakeup, wake <= end else { return }
            if wake > now { now = wake }
            poll()
        }
    }

    /// The packets sent since the last call, oldest first.
    func takeSent() -> [[UInt8]] {
        defer { outbox.removeAll() }
        return outbox
    }

    /// Sends what is due and answers the session's events.
    func poll() {
        guard let session else { return }
        for packet in session.poll(now: now) { check(packet) }
        for event in session.takeEvents() {
            switch event {
            case .peerAuthenticated(_, let peerInfo, let options):
                if let (push, cipher) = FuzzLAN.push(peerInfo: peerInfo, options: options) {
                    session.accept(push: push, cipher: cipher, now: now)
                } else {
                    session.refuse(reason: "no common cipher", now: now)
                }
            case .closed:
                self.session = nil
                return
            default:
                continue
            }
        }
        for packet in session.poll(now: now) { check(packet) }
    }

    /// A packet the server sends must be tls-crypt for the client, a valid control packet of the
    /// session's own id.
    func check(_ packet: [UInt8]) {
        sent += 1
        outbox.append(packet)
        let decoded: ControlPacket
        do {
            decoded = try TLSCryptFraming.authenticate(packet, with: lan.clientCrypt).0
        } catch {
            return fuzzRequire(false, "the server sent a packet its client cannot read: \(error)")
        }
        fuzzRequire(decoded.sessionID == FuzzLAN.serverSessionID, "the server sent another session id")
        fuzzRequire(packet.count <= 1250, "the server sent a \(packet.count)-byte control packet")
    }
}
