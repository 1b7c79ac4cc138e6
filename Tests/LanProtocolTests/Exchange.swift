// Exchange: two ReliableChannels talking over a NoisyWire under a ManualClock — the harness of
// the hostile-delivery property tests. Each end queues `count` payloads at the start; the run
// alternates "deliver what has arrived, send what is due" and jumps the clock to the next
// arrival or timer, until both ends have every payload and nothing is owed, or time runs out.

import LanProtocol
import LanTestKit
import LanValues
import LanWire

struct Exchange {
    typealias Wire = NoisyWire<ReliablePacket>

    /// How a run ended.
    struct Outcome {
        /// True when both ends received everything and both senders were fully ACKed.
        var finished: Bool
        /// Simulated time at the end.
        var elapsed: Duration
        /// Retransmissions of both senders.
        var retransmissions: Int
        var statistics: Wire.Statistics
    }

    var clock = ManualClock()
    var wire: Wire
    var channels: [Wire.End: ReliableChannel] = [.a: ReliableChannel(), .b: ReliableChannel()]
    /// Payloads each end handed out, in order.
    var delivered: [Wire.End: [[UInt8]]] = [.a: [], .b: []]
    let count: Int

    init(seed: UInt64, conditions: Wire.Conditions, count: Int) {
        wire = Wire(seed: seed, conditions: conditions)
        self.count = count
        for end in Wire.End.allCases {
            for index in 0..<count { channels[end]!.send(Self.payload(from: end, index)) }
        }
    }

    /// The `index`th payload `end` sends.
    static func payload(from end: Wire.End, _ index: Int) -> [UInt8] {
        LanProtocolTests.payload(end == .a ? 0xA : 0xB, index)
    }

    /// What `end` must receive: the other end's payloads, in order, once each.
    func expected(at end: Wire.End) -> [[UInt8]] { (0..<count).map { Self.payload(from: end.opposite, $0) } }

    var isDone: Bool {
        Wire.End.allCases.allSatisfy { delivered[$0]!.count >= count && channels[$0]!.isIdle }
    }

    /// Runs until done or until the clock would pass `limit`.
    mutating func run(limit: Duration) -> Outcome {
        while true {
            step()
            if isDone { break }
            guard let next = nextEvent(), next <= limit else { break }
            clock.advance(to: next)
        }
        let finished = isDone
        drain()
        let retransmissions = channels.values.map(\.sender.retransmissions).reduce(0, +)
        return Outcome(
            finished: finished, elapsed: clock.now, retransmissions: retransmissions, statistics: wire.statistics)
    }

    /// Delivers arrivals due now, then lets each end send what is due.
    mutating func step() {
        for (end, packet) in wire.deliver(now: clock.now) {
            channels[end]!.receive(packet)
            delivered[end]! += channels[end]!.takeInOrder()
        }
        let now = Timestamp(sinceOrigin: clock.now)
        for end in Wire.End.allCases {
            for packet in channels[end]!.packets(now: now) { wire.send(packet, from: end, now: clock.now) }
        }
    }

    /// The next arrival or timer, never earlier than a millisecond from now.
    func nextEvent() -> Duration? {
        let timers = channels.values.compactMap(\.nextWakeup).map { Duration.milliseconds($0.milliseconds) }
        let earliest = (timers + [wire.nextArrival].compactMap { $0 }).min()
        return earliest.map { max($0, clock.now + .milliseconds(1)) }
    }

    /// Lets stragglers (late duplicates) arrive, so extra deliveries would show.
    mutating func drain() {
        while let next = wire.nextArrival {
            clock.advance(to: next)
            step()
        }
    }
}
