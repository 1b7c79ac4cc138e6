// Redial: the dialling state machine and backoff policy shared by the links a server dials
// (LinkDialer) and `lanstitch up` (ClientDaemon) — one schedule, two users:
//
//   (state,      event)              ─▶ next state
//   (idle,       start at/after due) ─▶ connecting; the next remote in order
//   (connecting, configured)         ─▶ up; failures reset (a server link then tries the same
//                                       remote first next time; `lanstitch up` moves on to the
//                                       next, its fallback server)
//   (connecting, failed)             ─▶ idle until now + backoff(failures), the next remote next
//   (up,         failed)             ─▶ idle, the same
//   (idle,       failed)             ─▶ idle (a failure said twice counts once)
//   (connecting|up, start), (idle|up, configured) ─▶ refused (false): the caller's bug, nothing changes
//
// The backoff: 250 ms, 500 ms, 1 s … up to a ceiling, each scaled by a random 0.5–1.0 so peers
// that lost each other do not retry in lockstep; a refusal (AUTH_FAILED) waits up to the
// refusal ceiling instead, since it is a configuration problem, not an outage.

import LanValues

/// Where one dialler is, and when it tries next.
struct Redial {
    enum State: Equatable {
        /// Not connected; the next attempt is due at the timestamp.
        case idle(until: Timestamp)
        /// An attempt started at the timestamp.
        case connecting(since: Timestamp)
        /// Configured (PUSH_REPLY) at the timestamp.
        case up(since: Timestamp)
    }

    enum Event {
        case start
        case configured
        case failed(refused: Bool)
    }

    /// How many remotes are tried in turn, and the backoff ceilings.
    let remoteCount: Int
    let ceiling: Duration
    let refusedCeiling: Duration
    /// After a configured connection is lost: try the same remote first (a server link), or the
    /// next one (a member's fallback server).
    let sameRemoteAfterLoss: Bool
    private(set) var state: State = .idle(until: .zero)
    /// Attempts in a row that failed (reset when one is configured); drives the backoff.
    private(set) var failures = 0
    /// The remote the current (or last) attempt used.
    private(set) var remote = 0
    private var next = 0

    init(remotes: Int, ceiling: Duration, refusedCeiling: Duration = .seconds(30), sameRemoteAfterLoss: Bool) {
        precondition(remotes > 0, "a dialler needs a remote")
        remoteCount = remotes
        self.ceiling = ceiling
        self.refusedCeiling = refusedCeiling
        self.sameRemoteAfterLoss = sameRemoteAfterLoss
    }

    /// True when an attempt is due at `now`.
    func isDue(at now: Timestamp) -> Bool {
        if case .idle(let due) = state { return now >= due }
        return false
    }

    /// Applies `event` at `now`; false (nothing changed) for a pair that is not a transition.
    /// A failure's pause is drawn from `generator`.
    @discardableResult
    mutating func handle(_ event: Event, now: Timestamp, using generator: inout some RandomNumberGenerator) -> Bool {
        switch (state, event) {
        case (.idle, .start):
            remote = next % remoteCount
            next = remote + 1
            state = .connecting(since: now)
        case (.connecting, .configured):
            failures = 0
            if sameRemoteAfterLoss { next = remote }
            state = .up(since: now)
        case (.connecting, .failed(let refused)), (.up, .failed(let refused)):
            failures += 1
            let pause = Self.backoff(
                afterFailures: failures, ceiling: refused ? refusedCeiling : ceiling, using: &generator)
            state = .idle(until: now + pause)
        case (.idle, .failed):
            return true
        case (.connecting, .start), (.up, .start), (.idle, .configured), (.up, .configured):
            return false
        }
        return true
    }

    /// The pause before the next attempt after `failures` failures in a row: 250 ms, 500 ms,
    /// 1 s … up to `ceiling`, each scaled by a random 0.5–1.0 (at least 100 ms).
    static func backoff(
        afterFailures failures: Int, ceiling: Duration, using generator: inout some RandomNumberGenerator
    ) -> Duration {
        let ceilingMilliseconds = Int(
            ceiling.components.seconds * 1000 + ceiling.components.attoseconds / 1_000_000_000_000_000)
        let step = min(ceilingMilliseconds, 250 << min(max(failures - 1, 0), 10))
        let scaled = Int(Double(step) * Double.random(in: 0.5...1.0, using: &generator))
        return .milliseconds(max(scaled, 100))
    }
}
