// ReliableSender: the sending half of the control channel's reliability layer (§4.1–§4.3).
//
// Life of an outgoing payload (already sliced to fit a control packet by the caller):
//   1. `enqueue` puts it in the backlog, without a msg-id;
//   2. it enters the send window, taking the next msg-id, as soon as
//      nextID − oldestUnacked < window (6): never more than 6 unACKed ids in flight;
//   3. `due(now:)` hands it out at once, then again each time its timer expires; every
//      (re)transmission arms the timer at now + timeout and doubles the timeout (2, 4, 8 s…);
//   4. once 3 higher ids have been newly ACKed since it was last sent (`N_ACK_RETRANSMIT`), it
//      is due immediately (fast retransmit); `burst()` makes every unACKed entry due at once;
//   5. `ack` removes it from the window, which lets the backlog move up.

import LanValues
import LanWire

/// One message of the reliability layer: a msg-id and the payload it carries.
public struct ReliableMessage: Sendable, Equatable {
    /// The msg-id; equal across retransmissions.
    public var id: MessageID
    /// The payload: a slice of the TLS byte stream, or empty for resets.
    public var payload: [UInt8]

    public init(id: MessageID, payload: [UInt8]) {
        self.id = id
        self.payload = payload
    }
}

/// The send side of one key state's reliability layer.
///
/// A value type; not thread-safe, owned by its key state. `enqueue` takes ownership of the
/// payload; `due` returns copies (copy-on-write, so no bytes are copied) and keeps the
/// original until it is ACKed. Holds at most `window` messages plus the unbounded backlog.
/// Operations are O(window) apart from `due`, which is O(window) plus what it returns.
public struct ReliableSender: Sendable {
    /// Tunables; the defaults are OpenVPN 2.6's.
    public struct Configuration: Sendable, Equatable {
        /// Unacknowledged ids allowed in flight (`TLS_RELIABLE_N_SEND_BUFFERS`).
        public var window: Int
        /// Timeout after the first transmission (`--tls-timeout`, 2 s); doubled on each resend.
        public var initialTimeout: Duration
        /// Ceiling of the doubled timeout; only a guard, the hand-window ends a handshake first.
        public var maximumTimeout: Duration
        /// Newly ACKed higher ids that make an unACKed entry due at once (`N_ACK_RETRANSMIT`).
        public var fastRetransmitAcks: Int

        public init(
            window: Int = 6, initialTimeout: Duration = .seconds(2), maximumTimeout: Duration = .seconds(3600),
            fastRetransmitAcks: Int = 3
        ) {
            self.window = window
            self.initialTimeout = initialTimeout
            self.maximumTimeout = maximumTimeout
            self.fastRetransmitAcks = fastRetransmitAcks
        }
    }

    /// A message in the send window.
    struct Entry: Sendable {
        var message: ReliableMessage
        /// When it is due next; `.distantPast` means at the next `due` call.
        var nextTry: Timestamp = .distantPast
        /// The timeout the next transmission arms.
        var timeout: Duration
        /// Higher ids newly ACKed since it was last sent.
        var higherAcks = 0
        /// Transmissions so far.
        var sends = 0
    }

    public let configuration: Configuration
    /// The msg-id the next payload entering the window takes.
    public private(set) var nextID: MessageID
    /// Transmissions beyond each message's first, since creation.
    public private(set) var retransmissions = 0
    private var inFlight: [Entry] = []
    private var backlog: [[UInt8]] = []
    private var backlogHead = 0

    /// A sender whose first message takes `first`: 0 for a fresh key state, 1 for a server
    /// session created after a stateless reset reply (§4.5).
    /// - Precondition: window ≥ 1, fastRetransmitAcks ≥ 1, initialTimeout > 0.
    public init(first: MessageID = MessageID(0), configuration: Configuration = Configuration()) {
        precondition(configuration.window >= 1, "a send window holds at least one packet")
        precondition(configuration.fastRetransmitAcks >= 1, "fast retransmit needs at least one ACK")
        precondition(configuration.initialTimeout > .zero, "a retransmission timeout must be positive")
        self.configuration = configuration
        self.nextID = first
    }

    /// Msg-ids in the window, not yet ACKed, ascending.
    public var unacknowledged: [MessageID] { inFlight.map(\.message.id) }
    /// Payloads waiting for room in the window.
    public var backlogCount: Int { backlog.count - backlogHead }
    /// True when everything enqueued has been ACKed.
    public var isIdle: Bool { inFlight.isEmpty && backlogCount == 0 }

    /// New msg-ids the window could take now, beyond the backlog: the caller may slice this
    /// many more payloads without them waiting (§4.4).
    public var windowRoom: Int {
        let oldest = inFlight.first?.message.id ?? nextID
        let used = Int(nextID.value &- oldest.value)
        return max(0, configuration.window - used - backlogCount)
    }

    /// The earliest time `due` has something to send; `.distantPast` when something is due
    /// now (new, burst or fast retransmit); nil when nothing is in flight.
    public var nextWakeup: Timestamp? { inFlight.map(\.nextTry).min() }

    /// Queues a payload. It takes a msg-id when it enters the window, possibly at once.
    public mutating func enqueue(_ payload: [UInt8]) {
        backlog.append(payload)
        admit()
    }

    /// Handles the ACK block of one received packet. Removes the named entries; ids that are
    /// unknown, already ACKed or repeated are harmless. Each id this call removes counts once
    /// toward the fast retransmit of every lower entry still unACKed. Frees window room.
    /// O(window × block size).
    ///
    /// Only newly ACKed ids count: 2.6 re-sends its last 8 ACKs on every packet, and counting
    /// those re-sent mentions would retransmit a lost entry again on every packet that
    /// arrives before its ACK (a storm measured at ~1 retransmission per message at 10 % loss).
    public mutating func ack(_ ids: some Sequence<MessageID>) {
        let named = Set(ids)
        let removed = inFlight.filter { named.contains($0.message.id) }.map(\.message.id)
        guard !removed.isEmpty else { return }
        inFlight.removeAll { named.contains($0.message.id) }
        for index in inFlight.indices {
            let higher = removed.count(where: { $0 > inFlight[index].message.id })
            inFlight[index].higherAcks += higher
            if higher > 0 && inFlight[index].higherAcks >= configuration.fastRetransmitAcks {
                inFlight[index].nextTry = .distantPast
            }
        }
        admit()
    }

    /// Makes every unACKed message due at the next `due` call, keeping its backoff (§4.3:
    /// OpenVPN bursts when a new session's first packet arrives).
    public mutating func burst() {
        for index in inFlight.indices { inFlight[index].nextTry = .distantPast }
    }

    /// The messages to transmit at `now`, ascending by msg-id: first transmissions,
    /// expired timers, fast retransmits and bursts. Re-arms each one's timer at
    /// now + timeout and doubles its timeout (up to the ceiling).
    public mutating func due(now: Timestamp) -> [ReliableMessage] {
        var messages: [ReliableMessage] = []
        for index in inFlight.indices where inFlight[index].nextTry <= now {
            var entry = inFlight[index]
            if entry.sends > 0 { retransmissions += 1 }
            entry.sends += 1
            entry.higherAcks = 0
            entry.nextTry = now + entry.timeout
            entry.timeout = min(entry.timeout * 2, configuration.maximumTimeout)
            inFlight[index] = entry
            messages.append(entry.message)
        }
        return messages
    }

    /// Moves backlog payloads into the window while nextID − oldestUnacked < window.
    private mutating func admit() {
        while backlogHead < backlog.count {
            let oldest = inFlight.first?.message.id ?? nextID
            guard Int(nextID.value &- oldest.value) < configuration.window else { break }
            let message = ReliableMessage(id: nextID, payload: backlog[backlogHead])
            backlog[backlogHead] = []
            inFlight.append(Entry(message: message, timeout: configuration.initialTimeout))
            nextID = MessageID(nextID.value &+ 1)
            backlogHead += 1
        }
        if backlogHead == backlog.count {
            backlog.removeAll(keepingCapacity: true)
            backlogHead = 0
        } else if backlogHead >= 64 && backlogHead * 2 >= backlog.count {
            backlog.removeFirst(backlogHead)
            backlogHead = 0
        }
    }
}
