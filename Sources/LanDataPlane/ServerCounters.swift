// ServerCounters: what the server counts from the start — sessions, handshakes by result,
// packets and bytes, drops by reason (exposed later by `lanstitch status` and /metrics).

/// Server-wide counters, shared by the loop's components. Owned by the event loop; not thread-safe.
public final class ServerCounters {
    public var sessionsOpened = 0
    public var sessionsClosed = 0
    public var handshakesAccepted = 0
    public var handshakesRefused = 0
    /// TCP streams accepted and closed (a bogus or idle stream is closed without a session).
    public var streamsAccepted = 0
    public var streamsClosed = 0
    /// Server links this server dialled that failed or were lost.
    public var linkFailures = 0
    /// Broadcasts and multicasts relayed (each counted once, however many copies went out).
    public var broadcastsRelayed = 0
    /// Re-plans after links failed or returned or members roamed.
    public var replans = 0
    /// ICMP errors sent (no route, member absent, TTL exceeded).
    public var icmpErrorsSent = 0
    /// The front door: authentic first hard resets that reached it over UDP and their bytes;
    /// stateless replies sent and their bytes (never more than the resets', per reply).
    public var frontDoorResets = 0
    public var frontDoorResetBytes = 0
    public var frontDoorReplies = 0
    public var frontDoorReplyBytes = 0
    /// Sessions restored from a verified cookie.
    public var frontDoorCookiesVerified = 0
    /// Drops by reason, e.g. "tls-crypt", "replay", "no-session", "spoofed-source", "no-route".
    public private(set) var drops: [String: Int] = [:]

    /// The most distinct drop reasons kept (a bound on memory and on metric labels); drops for
    /// any further reason count under "other".
    public static let maxDropReasons = 64

    public init() {}

    public func drop(_ reason: String) {
        if let index = drops.index(forKey: reason) { return drops.values[index] += 1 }
        drops[drops.count < Self.maxDropReasons ? reason : "other", default: 0] += 1
    }
}
