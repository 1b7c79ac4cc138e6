// Reload: SIGHUP — re-read the bundle (a new `lanstitch bundle` or deploy put new files in
// place) and apply it to each component without dropping sessions it does not affect:
//
//   load and check the new server.yaml and files ─(problem)─▶ log it, keep running as before
//   TLS (certificate, CA, CRL, tls-crypt) ─▶ new sessions use the new files (Sessions.renew)
//   members: certificate no longer valid (revoked) ─▶ HALT and disconnect
//            lease moved or gone, or the push changed (routes, keepalive, netmask) ─▶ RESTART
//            (they reconnect at once and get the new settings); everyone else stays
//   links: dialers for links no longer planned stop, new ones start (LinkSupervisor.reload);
//          accepted links the plan no longer has are closed
//   routes: kernel routes reconciled, masquerade rules replaced, forwarding table re-planned
//
// The listening ports, the tunnel device and its address need a restart; a reload that
// changes them says so and applies the rest.

import LanBundle
import LanCrypto
import LanDataPlane
import LanHost
import LanProtocol
import LanValues

/// One reload, applied to the server's components.
struct Reload {
    let context: ServerContext
    let peers: PeerTable
    let sessions: Sessions
    let dataPlane: DataPlane
    let router: LinkStateRouter
    let supervisor: LinkSupervisor
    let host: HostRoutes

    func run() {
        let old = context.configuration
        let fresh: DaemonConfiguration
        let tls: TLSContext
        let frontDoor: FrontDoor
        do {
            fresh = try DaemonConfiguration.load(old.path)
            guard fresh.settings.server == old.settings.server else {
                throw DaemonError("it is the bundle of \(fresh.settings.server), not of \(old.settings.server)")
            }
            tls = try TLSContext(
                TLSConfiguration(
                    role: .server, authority: fresh.authority, certificate: fresh.certificate, privateKey: fresh.key,
                    crlPEM: fresh.crlPEM))
            frontDoor = try FrontDoor(staticKey: fresh.tlsCrypt)
        } catch {
            return context.log("reload failed: \(error); still running the configuration loaded before")
        }
        var notes: [String] = []
        if fresh.settings.listen != old.settings.listen || fresh.tunnelAddress != old.tunnelAddress
            || fresh.plan.device != old.plan.device
        {
            notes.append("new ports or tunnel address take effect after a restart")
        }
        context.configuration = fresh
        sessions.renew(tls: tls, frontDoor: frontDoor)
        dataPlane.broadcastRelay = BroadcastRelay(fresh.settings)
        do { try host.reconcileKernelRoutes() } catch { notes.append("kernel routes: \(error)") }
        do { try host.applyMasquerade() } catch { notes.append("masquerade: \(error)") }
        do { try host.applyGuard() } catch { notes.append("host guard: \(error)") }
        router.reload()
        supervisor.reload(from: old)
        let accepted = Set(fresh.plan.accepts.filter(\.up).map(\.peer))
        for (peer, connection) in peers.acceptedLinks where !accepted.contains(peer) {
            sessions.close(connection, reason: "the plan no longer has a link from \(peer)")
        }
        let moved = reloadMembers(from: old)
        context.log(
            "reloaded \(fresh.path): \(moved) members told to reconnect or dropped\(notes.isEmpty ? "" : "; " + notes.joined(separator: "; "))"
        )
    }

    /// Members whose certificate is no longer valid are halted; those whose lease or push changed
    /// are told to reconnect. Returns how many.
    func reloadMembers(from old: DaemonConfiguration) -> Int {
        let configuration = context.configuration
        let pushChanged =
            old.plan.pushedRoutes != configuration.plan.pushedRoutes
            || old.keepalive != configuration.keepalive
            || (old.settings.broadcast == nil) != (configuration.settings.broadcast == nil)
            || old.settings.network != configuration.settings.network
        let unixNow = Int64(context.clock.unixTime)
        var affected = 0
        for connection in peers.connections where connection.linkPeer == nil {
            guard let name = connection.commonName, let address = connection.address else { continue }
            if let certificate = connection.session.peerCertificate,
                let problem = try? ChainVerifier.problem(
                    with: certificate, authority: configuration.authority, crlPEM: configuration.crlPEM, now: unixNow)
            {
                affected += 1
                sessions.tell(
                    connection, "HALT,\(problem)", closing: "its certificate is no longer accepted (\(problem))")
                continue
            }
            let reason: String?
            if configuration.leases[name] != address {
                reason = "its lease changed"
            } else if pushChanged {
                reason = "its pushed settings changed"
            } else {
                reason = nil
            }
            guard let reason else { continue }
            affected += 1
            sessions.tell(connection, "RESTART", closing: "\(reason); told to reconnect")
        }
        return affected
    }
}
