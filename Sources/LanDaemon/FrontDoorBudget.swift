// FrontDoorBudget: how many stateless replies the front door may send, and to whom — decided
// in fixed-size tables made once, so a flood from any number of sources allocates nothing:
//   1. replay: a client session id already answered at another source in the last minute is a
//      captured reset replayed (a real client keeps its address during a handshake): dropped;
//   2. per source address: `perSource` replies, refilled one per `perSourceRefill` (a client
//      retransmits its reset at 2, 4, 8 s; a few clients may share a NAT address);
//   3. all sources: `global` replies, refilled `globalPerSecond` a second — OpenVPN's
//      connect-freq-initial default, 100 per 10 s, as a token bucket.
// Sources that share a table slot share its budget: a collision only makes the door stricter.

import LanValues
import LanWire

/// A token bucket: `capacity` tokens, one more every `interval`. A value; time is passed in.
struct TokenBucket {
    let capacity: Int
    let interval: Duration
    private(set) var tokens: Int
    private var refilled: Timestamp

    init(capacity: Int, interval: Duration, now: Timestamp) {
        self.capacity = capacity
        self.interval = interval
        tokens = capacity
        refilled = now
    }

    /// Takes a token if there is one at `now`.
    mutating func take(now: Timestamp) -> Bool {
        let step = max(1, Timestamp(sinceOrigin: interval).milliseconds)
        let earned = max(0, now.milliseconds - refilled.milliseconds) / step
        if earned > 0 {
            tokens = Int(min(Int64(capacity), Int64(tokens) + earned))
            refilled = tokens == capacity ? now : Timestamp(milliseconds: refilled.milliseconds + earned * step)
        }
        guard tokens > 0 else { return false }
        tokens -= 1
        return true
    }
}

/// The front door's reply budgets. Owned by the loop; not thread-safe.
final class FrontDoorBudget {
    struct Limits {
        var global = 100
        var globalPerSecond = 10
        var perSource = 8
        var perSourceRefill = Duration.seconds(2)
        /// How long an answered client session id is remembered against replays.
        var replayMemory = Duration.seconds(60)
        /// Slots of the per-source and replay tables (fixed at creation).
        var slots = 4096
        /// Sessions not yet accepted (TLS and key-method still under way), at most.
        var halfOpen = 64
    }

    let limits: Limits
    private var global: TokenBucket
    private var sources: [TokenBucket?]
    private var answered: [(client: SessionID, source: IPv4Endpoint, at: Timestamp)?]

    init(limits: Limits = Limits(), now: Timestamp) {
        self.limits = limits
        global = TokenBucket(
            capacity: limits.global, interval: .milliseconds(1000 / max(1, limits.globalPerSecond)), now: now)
        sources = Array(repeating: nil, count: limits.slots)
        answered = Array(repeating: nil, count: limits.slots)
    }

    /// Whether a reply to `client`'s reset from `source` may go at `now`: nil when it may (and
    /// its budget is spent), else the drop reason.
    func admitReply(to source: IPv4Endpoint, client: SessionID, now: Timestamp) -> String? {
        let replaySlot = Int(client.value % UInt64(answered.count))
        if let seen = answered[replaySlot], seen.client == client, seen.source != source,
            now - seen.at < limits.replayMemory
        {
            return "front door: hard reset replayed from another source"
        }
        answered[replaySlot] = (client, source, now)
        let sourceSlot = Int(Self.mix(source.address.value) % UInt64(sources.count))
        var bucket =
            sources[sourceSlot] ?? TokenBucket(capacity: limits.perSource, interval: limits.perSourceRefill, now: now)
        defer { sources[sourceSlot] = bucket }
        guard bucket.take(now: now) else { return "front door: reply budget of the source spent" }
        guard global.take(now: now) else { return "front door: reply budget of all sources spent" }
        return nil
    }

    /// A well-spread 64-bit hash of an address (splitmix64's finaliser), so neighbouring
    /// addresses land in different slots.
    static func mix(_ value: UInt32) -> UInt64 {
        var x = UInt64(value) &+ 0x9E37_79B9_7F4A_7C15
        x = (x ^ (x >> 30)) &* 0xBF58_476D_1CE4_E5B9
        x = (x ^ (x >> 27)) &* 0x94D0_49BB_1331_11EB
        return x ^ (x >> 31)
    }
}
