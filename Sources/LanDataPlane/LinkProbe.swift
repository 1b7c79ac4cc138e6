// LinkProbe: how the daemon measures a server link's round trip and loss. Every `interval`,
// each up link carries a probe: an ICMP echo request from this server's tunnel address to
// itself (ProbePacket). The peer's daemon routes it straight back over a link, as it would any
// packet for this server's pool, so its return times the underlay both ways plus both daemons.
// No reply within `timeout` counts as lost; loss is over the last `window` probes. Times are
// the loop's clock since its origin at full resolution (a LAN's round trip is well under 1 ms).

/// Probe bookkeeping for one link.
public struct LinkProbe: Sendable {
    public static let interval: Duration = .seconds(2)
    public static let timeout: Duration = .seconds(5)
    public static let window = 20

    public struct Record: Sendable {
        var sequence: UInt16
        var sent: Duration
        var answered: Bool
    }

    public init() {}

    public private(set) var records: [Record] = []
    public private(set) var sent = 0
    public private(set) var answered = 0
    /// The round trip of the last probe answered.
    public private(set) var rtt: Duration?

    /// Records probe `sequence` (unique across the server's links) sent at `now`.
    public mutating func send(_ sequence: UInt16, at now: Duration) {
        records.append(Record(sequence: sequence, sent: now, answered: false))
        if records.count > Self.window { records.removeFirst(records.count - Self.window) }
        sent += 1
    }

    /// Records the reply to `sequence` at `now`; false for a sequence not waiting (late,
    /// duplicate or forged).
    public mutating func receive(_ sequence: UInt16, at now: Duration) -> Bool {
        guard let index = records.lastIndex(where: { $0.sequence == sequence }), !records[index].answered,
            now - records[index].sent <= Self.timeout
        else { return false }
        records[index].answered = true
        answered += 1
        rtt = now - records[index].sent
        return true
    }

    /// The share of probes whose timeout has passed that got no reply; nil before any has.
    public func loss(at now: Duration) -> Double? {
        let settled = records.filter { $0.answered || now - $0.sent > Self.timeout }
        guard !settled.isEmpty else { return nil }
        return Double(settled.filter { !$0.answered }.count) / Double(settled.count)
    }
}
