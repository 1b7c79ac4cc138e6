// ICMPBudget: how many ICMP errors a forwarding server may still send (RFC 1812 §4.3.2.8 asks
// routers to limit them), so a flood of unroutable packets cannot turn the server into an
// ICMP amplifier. A token bucket refilled once per second.

/// A per-second allowance of ICMP errors.
public struct ICMPBudget: Sendable {
    public let perSecond: Int
    private var left: Int
    private var second: Int64 = .min

    public init(perSecond: Int) {
        self.perSecond = perSecond
        left = perSecond
    }

    /// Takes one error from the allowance of the second holding `milliseconds`; false when
    /// this second's allowance is used up.
    public mutating func take(atMilliseconds milliseconds: Int64) -> Bool {
        let current = milliseconds / 1000
        if current != second {
            second = current
            left = perSecond
        }
        guard left > 0 else { return false }
        left -= 1
        return true
    }
}
