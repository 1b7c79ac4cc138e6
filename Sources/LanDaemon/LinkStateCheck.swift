// LinkStateCheck: what a server may say in a link-state advertisement, checked before the
// database takes it — the origin is a server of the plan, the advertisement carries the
// origin's own signature (its certificate from the bundle's servers.crt, checked against the
// CA when the bundle was loaded), its peers are links the plan gives it, and the members it
// claims list it as their home or a fallback. A server that forges another origin or claims a
// /32 the plan does not give it changes nobody's routes.
//
// A bundle of an older version has no servers.crt: then only an origin's own LSA, over its own
// link, is taken (nothing is accepted second-hand).

import LanBundle
import LanCrypto
import LanPlan
import LanValues

/// The plan's rules for one advertisement.
struct LinkStateCheck {
    let configuration: DaemonConfiguration

    /// Why an advertisement is refused: the counter's reason and the log's words.
    struct Refusal: Equatable {
        let counter: String
        let reason: String
    }

    /// Nil when `signed`, from the link to `peer`, may be taken.
    func refusal(of signed: SignedAdvertisement, from peer: String) -> Refusal? {
        let lsa = signed.lsa
        guard let graph = configuration.settings.lanGraph, graph.servers.contains(where: { $0.name == lsa.origin })
        else { return Refusal(counter: "unknown origin", reason: "the plan has no server \(lsa.origin)") }
        if let certificates = configuration.serverCertificates {
            guard let certificate = certificates[lsa.origin], let signature = signed.signature,
                certificate.verifies(signature, of: signed.covered)
            else {
                return Refusal(
                    counter: "not signed by its origin",
                    reason: "it is not signed with \(lsa.origin)'s certificate (forged, altered or unsigned)")
            }
        } else if lsa.origin != peer {
            return Refusal(
                counter: "second-hand without signature",
                reason: "this bundle has no servers.crt to check signatures; only \(peer)'s own LSA is taken")
        }
        let neighbours = Set(
            graph.links.compactMap { link in
                link.dialer == lsa.origin ? link.listener : link.listener == lsa.origin ? link.dialer : nil
            })
        if let stranger = lsa.peers.first(where: { !neighbours.contains($0) }) {
            return Refusal(
                counter: "a link the plan does not have",
                reason: "it claims a link \(lsa.origin)-\(stranger), which the plan does not have")
        }
        let servers = configuration.settings.memberServers
        if let stolen = lsa.members.first(where: { servers[$0]?.contains(lsa.origin) != true }) {
            return Refusal(
                counter: "a member the plan does not give it",
                reason: "it claims \(stolen), which is no member with \(lsa.origin) as home or fallback")
        }
        return nil
    }
}
