// TokenBucket: a rate limit with bursts — `rate` tokens a second, at most `burst` saved up.
// The broadcast relay gives each member one, so a game stuck in a loop cannot flood the LAN.
// Time is passed in (milliseconds), so the bucket is a plain value and easy to test.

/// A token bucket refilled continuously at `rate` per second, holding at most `burst`.
public struct TokenBucket: Sendable {
    public let rate: Int
    public let burst: Int
    /// Tokens in thousandths, so a refill of less than one token a millisecond is not lost.
    private var milliTokens: Int64
    private var last: Int64?

    public init(rate: Int, burst: Int) {
        self.rate = rate
        self.burst = burst
        milliTokens = Int64(burst) * 1000
    }

    /// Takes one token at time `milliseconds`; false (nothing taken) when the bucket is empty.
    public mutating func take(atMilliseconds milliseconds: Int64) -> Bool {
        let previous = last ?? milliseconds
        if milliseconds > previous {
            milliTokens = min(Int64(burst) * 1000, milliTokens + (milliseconds - previous) * Int64(rate))
        }
        last = max(previous, milliseconds)
        guard milliTokens >= 1000 else { return false }
        milliTokens -= 1000
        return true
    }
}
