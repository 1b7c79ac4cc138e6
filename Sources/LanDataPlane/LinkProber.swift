// LinkProber: the server's link probes (LinkProbe, ProbePacket) — every 2 s each up link
// carries a probe that the peer routes straight back; its return gives the link's round trip
// and loss, for status and metrics. Probes are timed on the host clock's full resolution (a
// LAN's round trip is well under a millisecond), not the loop's per-turn time.
//
//   timers ─▶ round due? ─▶ each up link ─▶ build in place ─▶ the caller sends it over the link
//   from a link ─▶ 36 bytes, echo of our own address? ─▶ recorded (never forwarded)

import LanHost
import LanProtocol
import LanValues

/// Link probes and what they measured. Owned by the loop; not thread-safe.
public final class LinkProber {
    public let clock: any DaemonClock
    /// Link probes by peer, and when the next round is due.
    private(set) var probes: [String: LinkProbe] = [:]
    private var nextRound = Timestamp.zero
    /// The next probe's sequence number (one series for all links, so a reply that comes back
    /// over another link still finds its probe).
    private var sequence: UInt16 = 0
    private let scratch = UnsafeMutableRawBufferPointer.allocate(byteCount: ProbePacket.length, alignment: 1)

    public init(clock: any DaemonClock) { self.clock = clock }

    deinit { scratch.deallocate() }

    /// When a round is due at `now`: builds one probe per peer in `peers` (from `address`) and
    /// hands each to `send` with its peer.
    public func probe(
        _ peers: Set<String>, from address: IPv4Address, now: Timestamp,
        send: (UnsafeRawBufferPointer, String) -> Void
    ) {
        guard now >= nextRound else { return }
        nextRound = now + LinkProbe.interval
        for peer in peers.sorted() {
            let current = sequence
            sequence &+= 1
            probes[peer, default: LinkProbe()].send(current, at: clock.elapsed)
            ProbePacket.build(from: address, sequence: current, into: scratch)
            send(UnsafeRawBufferPointer(scratch), peer)
        }
    }

    /// True when `payload` from the link to `peer` is one of this server's probes come back
    /// (from `address`); then it is recorded and goes no further.
    public func receive(_ payload: UnsafeMutableRawBufferPointer, from peer: String, of address: IPv4Address) -> Bool {
        guard payload.count == ProbePacket.length, let sequence = ProbePacket.returnedSequence(payload, of: address)
        else { return false }
        // The reply may come back over another link than the one it left by: credit the link
        // whose probe carries that sequence and is still waiting.
        let current = clock.elapsed
        if probes[peer]?.receive(sequence, at: current) == true { return true }
        for name in probes.keys where name != peer {
            if probes[name]?.receive(sequence, at: current) == true { return true }
        }
        return true
    }

    /// The probe record of the link to `peer`, and the clock to read its loss at.
    public func record(_ peer: String) -> LinkProbe? { probes[peer] }
    public var elapsed: Duration { clock.elapsed }
}
