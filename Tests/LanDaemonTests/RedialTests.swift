// Redial: the dialling schedule shared by server links and `lanstitch up` — each legal
// transition, the pairs that are refused, which remote comes next after a loss for each kind
// of dialler, and the backoff's ceilings.

import LanTestKit
import LanValues
import Testing

@testable import LanDaemon

@Suite struct RedialTests {
    var generator = SeededGenerator(seed: 11)

    @Test mutating func attemptsGoThroughTheRemotesInOrderAndBackOffAfterEachFailure() {
        var redial = Redial(remotes: 2, ceiling: .seconds(1), sameRemoteAfterLoss: true)
        #expect(redial.isDue(at: .zero))
        #expect(redial.handle(.start, now: .zero, using: &generator))
        #expect(redial.remote == 0 && redial.state == .connecting(since: .zero))
        #expect(redial.handle(.failed(refused: false), now: .zero, using: &generator))
        guard case .idle(let due) = redial.state else {
            Issue.record("not idle after a failure")
            return
        }
        #expect(due >= Timestamp.zero + .milliseconds(125) && due <= Timestamp.zero + .milliseconds(250))
        #expect(!redial.isDue(at: .zero))
        redial.handle(.start, now: due, using: &generator)
        #expect(redial.remote == 1, "the second remote after the first failed")
        redial.handle(.failed(refused: false), now: due, using: &generator)
        #expect(redial.failures == 2)
    }

    @Test mutating func aServerLinkRetriesTheSameRemoteAfterALossAMemberMovesOn() {
        for (same, expected) in [(true, 1), (false, 0)] {
            var redial = Redial(remotes: 2, ceiling: .seconds(1), sameRemoteAfterLoss: same)
            redial.handle(.start, now: .zero, using: &generator)
            redial.handle(.failed(refused: false), now: .zero, using: &generator)
            redial.handle(.start, now: Timestamp.zero + .seconds(1), using: &generator)
            #expect(redial.remote == 1)
            #expect(redial.handle(.configured, now: Timestamp.zero + .seconds(1), using: &generator))
            #expect(redial.failures == 0 && redial.state == .up(since: Timestamp.zero + .seconds(1)))
            redial.handle(.failed(refused: false), now: Timestamp.zero + .seconds(5), using: &generator)
            redial.handle(.start, now: Timestamp.zero + .seconds(10), using: &generator)
            #expect(redial.remote == expected, "sameRemoteAfterLoss \(same)")
        }
    }

    @Test mutating func pairsThatAreNoTransitionChangeNothing() {
        var redial = Redial(remotes: 1, ceiling: .seconds(1), sameRemoteAfterLoss: true)
        #expect(!redial.handle(.configured, now: .zero, using: &generator))
        #expect(
            redial.handle(.failed(refused: false), now: .zero, using: &generator), "a failure while idle is absorbed")
        #expect(redial.failures == 0 && redial.state == .idle(until: .zero))
        redial.handle(.start, now: .zero, using: &generator)
        #expect(!redial.handle(.start, now: .zero, using: &generator))
        #expect(redial.state == .connecting(since: .zero))
    }

    @Test mutating func aRefusalWaitsUpToTheRefusalCeiling() {
        var redial = Redial(remotes: 1, ceiling: .seconds(1), refusedCeiling: .seconds(30), sameRemoteAfterLoss: true)
        for _ in 0..<12 {
            redial.handle(.start, now: .zero, using: &generator)
            redial.handle(.failed(refused: true), now: .zero, using: &generator)
        }
        guard case .idle(let due) = redial.state else {
            Issue.record("not idle")
            return
        }
        #expect(due >= Timestamp.zero + .seconds(15) && due <= Timestamp.zero + .seconds(30))
    }
}
