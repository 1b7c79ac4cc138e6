// NoisyWire: a seeded, hostile channel between two endpoints, for protocol tests under bad
// delivery (STYLE.md habit 8). Each packet sent is independently
//   dropped         with `dropProbability`,
//   duplicated      with `duplicateProbability` (the copy travels on its own delay),
//   held back       with `reorderProbability` by up to `reorderDelay` extra, so later
//                   packets overtake it,
// and otherwise arrives after `latency` plus up to `jitter`. Time is the test's `ManualClock`
// reading, passed in; the wire never reads a clock. Equal seeds and equal calls give equal
// deliveries, so a failing seed replays exactly.

/// A lossy, duplicating, reordering, delaying channel between ends `.a` and `.b`.
///
/// A value type; not thread-safe. Packets are held by value until delivered or dropped.
/// `send` is O(1); `deliver` is O(n log n) in the packets in transit.
public struct NoisyWire<Packet: Sendable>: Sendable {
    /// One end of the wire.
    public enum End: Sendable, Hashable, CaseIterable, CustomStringConvertible {
        case a, b

        /// The end a packet sent from here arrives at.
        public var opposite: End { self == .a ? .b : .a }

        public var description: String { self == .a ? "A" : "B" }
    }

    /// How badly the wire behaves. Probabilities are 0…1; intervals ≥ 0.
    public struct Conditions: Sendable, Equatable {
        public var dropProbability: Double
        public var duplicateProbability: Double
        public var reorderProbability: Double
        /// Delay every packet gets.
        public var latency: Duration
        /// Uniform extra delay, 0…jitter, every packet gets.
        public var jitter: Duration
        /// Uniform extra delay, 0…reorderDelay, of a held-back packet.
        public var reorderDelay: Duration

        public init(
            dropProbability: Double = 0, duplicateProbability: Double = 0, reorderProbability: Double = 0,
            latency: Duration = .milliseconds(20), jitter: Duration = .zero, reorderDelay: Duration = .milliseconds(200)
        ) {
            self.dropProbability = dropProbability
            self.duplicateProbability = duplicateProbability
            self.reorderProbability = reorderProbability
            self.latency = latency
            self.jitter = jitter
            self.reorderDelay = reorderDelay
        }

        /// No loss, no duplicates, no reordering: every packet arrives after `latency`, in order.
        public static func clean(latency: Duration = .milliseconds(20)) -> Conditions {
            Conditions(latency: latency)
        }
    }

    /// What the wire did so far.
    public struct Statistics: Sendable, Equatable {
        public var sent = 0
        public var dropped = 0
        public var duplicated = 0
        public var heldBack = 0
        public var delivered = 0
    }

    /// A packet on its way.
    struct Transit: Sendable {
        var arrival: Duration
        /// Order of entry, to break arrival ties in send order.
        var sequence: Int
        var destination: End
        var packet: Packet
    }

    public let conditions: Conditions
    public private(set) var statistics = Statistics()
    private var generator: SeededGenerator
    private var inTransit: [Transit] = []
    private var sequence = 0

    /// A wire whose every random choice comes from `seed`.
    public init(seed: UInt64, conditions: Conditions) {
        self.generator = SeededGenerator(seed: seed)
        self.conditions = conditions
    }

    /// Packets sent and neither delivered nor dropped yet.
    public var inTransitCount: Int { inTransit.count }

    /// When the next packet arrives; nil when nothing is in transit.
    public var nextArrival: Duration? { inTransit.map(\.arrival).min() }

    /// Puts `packet` on the wire at `now`, from `end` toward the opposite end.
    public mutating func send(_ packet: Packet, from end: End, now: Duration) {
        statistics.sent += 1
        if generator.chance(conditions.dropProbability) {
            statistics.dropped += 1
            return
        }
        enter(packet, to: end.opposite, now: now)
        if generator.chance(conditions.duplicateProbability) {
            statistics.duplicated += 1
            enter(packet, to: end.opposite, now: now)
        }
    }

    /// Removes and returns the packets that have arrived by `now`, in arrival order (ties in
    /// send order), each with the end it arrived at.
    public mutating func deliver(now: Duration) -> [(to: End, packet: Packet)] {
        let arrived = inTransit.filter { $0.arrival <= now }
            .sorted { ($0.arrival, $0.sequence) < ($1.arrival, $1.sequence) }
        guard !arrived.isEmpty else { return [] }
        inTransit.removeAll { $0.arrival <= now }
        statistics.delivered += arrived.count
        return arrived.map { ($0.destination, $0.packet) }
    }

    /// Schedules one copy's arrival.
    private mutating func enter(_ packet: Packet, to destination: End, now: Duration) {
        var delay = conditions.latency + random(upTo: conditions.jitter)
        if generator.chance(conditions.reorderProbability) {
            statistics.heldBack += 1
            delay += random(upTo: conditions.reorderDelay)
        }
        inTransit.append(Transit(arrival: now + delay, sequence: sequence, destination: destination, packet: packet))
        sequence += 1
    }

    /// A uniform interval in 0…limit, at microsecond resolution.
    private mutating func random(upTo limit: Duration) -> Duration {
        let (seconds, attoseconds) = limit.components
        let micros = seconds * 1_000_000 + attoseconds / 1_000_000_000_000
        guard micros > 0 else { return .zero }
        return .microseconds(Int64.random(in: 0...micros, using: &generator))
    }
}
