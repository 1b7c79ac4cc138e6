// ServerDaemon's link probes (LinkProbe, ProbePacket): every 2 s each up link carries a probe
// that the peer routes straight back; its return gives the link's round trip and loss.
//
//   timers ─▶ due? ─▶ each up link (dialled or accepted) ─▶ build in place ─▶ sendOverLink
//   from a link ─▶ 36 bytes, echo of our own address? ─▶ LinkProbe.receive (never forwarded)

import LanProtocol
import LanValues

extension ServerDaemon {
    /// Sends a probe over every up link when a round is due.
    func probeLinks() {
        let current = now
        guard current >= observation.nextProbes else { return }
        observation.nextProbes = current + LinkProbe.interval
        var peers = dialers.filter(\.isUp).map(\.peer)
        peers += acceptedLinks.filter { $0.value.data.isReady }.map(\.key)
        for peer in Set(peers) {
            let sequence = observation.probeSequence
            observation.probeSequence &+= 1
            observation.probes[peer, default: LinkProbe()].send(sequence, at: preciseNow)
            ProbePacket.build(from: configuration.tunnelAddress, sequence: sequence, into: observation.probeScratch)
            _ = sendOverLink(UnsafeRawBufferPointer(observation.probeScratch), to: peer)
        }
    }

    /// True when `payload` from the link to `peer` is one of this server's probes come back
    /// (then it is recorded and goes no further).
    func receiveProbe(_ payload: UnsafeMutableRawBufferPointer, peer: String) -> Bool {
        guard payload.count == ProbePacket.length,
            let sequence = ProbePacket.returnedSequence(payload, of: configuration.tunnelAddress)
        else { return false }
        // The reply may come back over another link than the one it left by: credit the link
        // whose probe carries that sequence and is still waiting.
        let current = preciseNow
        if observation.probes[peer]?.receive(sequence, at: current) == true { return true }
        for name in observation.probes.keys where name != peer {
            if observation.probes[name]?.receive(sequence, at: current) == true { return true }
        }
        return true
    }

    /// The loop's clock since its origin, below the millisecond (probes time sub-millisecond trips).
    var preciseNow: Duration { clock.elapsed }
}
