// ServerDaemon's SIGHUP: re-read the bundle (a new `lanstitch bundle` or deploy put new files in
// place) and apply it without dropping sessions it does not affect:
//
//   load and check the new server.yaml and files ─(problem)─▶ log it, keep running as before
//   TLS (certificate, CA, CRL, tls-crypt) ─▶ new sessions use the new files
//   members: certificate no longer valid (revoked) ─▶ HALT and disconnect
//            lease moved or gone, or the push changed (routes, keepalive, netmask) ─▶ RESTART
//            (they reconnect at once and get the new settings); everyone else stays
//   links: dialers for links no longer planned stop, new ones start; accepted links the plan
//          no longer has are closed
//   routes: kernel routes reconciled, masquerade rules replaced, forwarding table re-planned
//
// The listening ports, the tunnel device and its address need a restart; a reload that
// changes them says so and applies the rest.

import Foundation
import LanBundle
import LanCrypto
import LanHost
import LanPlan
import LanProtocol
import LanRoutes
import LanValues
import LanWire

extension ServerDaemon {
    /// A function that asks the loop to reload, for the SIGHUP handler.
    public var reloadHandle: @Sendable () -> Void {
        let flag = reloadFlag
        return { flag.set() }
    }

    func reload() {
        let old = configuration
        let fresh: DaemonConfiguration
        let tls: TLSContext
        do {
            fresh = try DaemonConfiguration.load(old.path)
            guard fresh.settings.server == old.settings.server else {
                throw DaemonError("it is the bundle of \(fresh.settings.server), not of \(old.settings.server)")
            }
            tls = try TLSContext(
                TLSConfiguration(
                    role: .server, authority: fresh.authority, certificate: fresh.certificate, privateKey: fresh.key,
                    crlPEM: fresh.crlPEM))
            frontDoor = try TLSCrypt(staticKey: fresh.tlsCrypt, role: .server)
        } catch {
            return log("reload failed: \(error); still running the configuration loaded before")
        }
        var notes: [String] = []
        if fresh.settings.listen != old.settings.listen || fresh.tunnelAddress != old.tunnelAddress
            || fresh.plan.device != old.plan.device
        {
            notes.append("new ports or tunnel address take effect after a restart")
        }
        configuration = fresh
        sessionConfiguration = SessionConfiguration(
            role: .server, tls: tls, tlsCrypt: fresh.tlsCrypt, options: OCCOptionsString.server,
            renegotiateAfter: keyLifetime, unixTime: UInt32(clock.unixTime))
        broadcastRelay = BroadcastRelay(fresh.settings)
        reloadRoutes(from: old, notes: &notes)
        reloadLinks(from: old)
        let moved = reloadMembers(from: old)
        log(
            "reloaded \(fresh.path): \(moved) members told to reconnect or dropped\(notes.isEmpty ? "" : "; " + notes.joined(separator: "; "))"
        )
    }

    /// Kernel routes, masquerade rules, planned links for link state, and a fresh re-plan.
    func reloadRoutes(from old: DaemonConfiguration, notes: inout [String]) {
        let desired = Set(
            configuration.plan.kernelRoutes.map { KernelRouteEntry(prefix: $0.prefix, device: $0.device) })
        do {
            observation.reconciled(installed: desired.count, changes: try kernelRoutes.reconcile(to: desired).count)
        } catch { notes.append("kernel routes: \(error)") }
        let sites = configuration.settings.masquerade
        if sites != masqueraded {
            do {
                if sites.isEmpty {
                    try network.removeMasquerade()
                } else {
                    try network.installMasquerade(
                        SiteMasquerade(sites: sites, sources: configuration.plan.pushedRoutes))
                }
                masqueraded = sites
            } catch {
                notes.append("masquerade: \(error)")
            }
        }
        linkState.planned = configuration.settings.lanGraph?.links.map { LinkID($0.dialer, $0.listener) } ?? []
        routes = configuration.routes
        broadcastPeers = broadcastRelay?.peers ?? []
        liveState = nil
        replanIfNeeded()
    }

    /// Stops dialers the plan dropped or changed, starts new ones, closes unplanned accepted links.
    func reloadLinks(from old: DaemonConfiguration) {
        // A new certificate or CA ends every link; a new CRL only applies to the next attempt
        // (the peers are servers of this LAN, which the CRL does not list).
        let sameIdentity =
            (try? old.certificate.pem()) == (try? configuration.certificate.pem())
            && (try? old.authority.pem()) == (try? configuration.authority.pem())
        let fresh = (try? Self.makeDialers(configuration)) ?? []
        let oldDials = Dictionary(
            old.plan.dials.filter(\.up).map { ($0.peer, $0) }, uniquingKeysWith: { a, _ in a })
        var kept: [LinkDialer] = []
        for dialer in dialers {
            let planned = configuration.plan.dials.first { $0.peer == dialer.peer && $0.up }
            if sameIdentity, let planned, planned == oldDials[dialer.peer] {
                if let renewed = fresh.first(where: { $0.peer == dialer.peer }) { dialer.tls = renewed.tls }
                kept.append(dialer)
            } else {
                retire(dialer)
            }
        }
        let keptPeers = Set(kept.map(\.peer))
        for dialer in fresh where !keptPeers.contains(dialer.peer) {
            let token = nextDialerToken
            nextDialerToken += 1
            kept.append(LinkDialer(peer: dialer.peer, remotes: dialer.remotes, tls: dialer.tls, token: token))
            log("link to \(dialer.peer): new in the plan; dialling")
        }
        dialers = kept
        let accepted = Set(configuration.plan.accepts.filter(\.up).map(\.peer))
        for (peer, connection) in acceptedLinks where !accepted.contains(peer) {
            close(connection, reason: "the plan no longer has a link from \(peer)")
        }
    }

    /// Closes a dialer's link for good (EXIT to the peer, socket closed).
    func retire(_ dialer: LinkDialer) {
        if let session = dialer.session, dialer.isUp {
            try? session.send(text: "EXIT")
            pumpDialer(dialer)
        }
        flush(dialer)
        if let link = dialer.link {
            try? poller.remove(link.pollHandle)
            link.close()
        }
        dialer.link = nil
        dialer.session = nil
        log("link to \(dialer.peer): no longer in the plan as it was; closed")
    }

    /// Members whose certificate is no longer valid are halted; those whose lease or push changed
    /// are told to reconnect. Returns how many.
    func reloadMembers(from old: DaemonConfiguration) -> Int {
        let pushChanged =
            old.plan.pushedRoutes != configuration.plan.pushedRoutes
            || old.keepalive != configuration.keepalive
            || (old.settings.broadcast == nil) != (configuration.settings.broadcast == nil)
            || old.settings.network != configuration.settings.network
        let unixNow = Int64(clock.unixTime)
        var affected = 0
        for connection in connections where connection.linkPeer == nil {
            guard let name = connection.commonName, let address = connection.address else { continue }
            if let certificate = connection.session.peerCertificate,
                let problem = try? ChainVerifier.problem(
                    with: certificate, authority: configuration.authority, crlPEM: configuration.crlPEM, now: unixNow)
            {
                affected += 1
                try? connection.session.send(text: "HALT,\(problem)")
                pump(connection)
                close(connection, reason: "its certificate is no longer accepted (\(problem))")
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
            try? connection.session.send(text: "RESTART")
            pump(connection)
            close(connection, reason: "\(reason); told to reconnect")
        }
        try? flush()
        return affected
    }
}
