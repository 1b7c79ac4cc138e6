// SeededGenerator: a small, fast, reproducible random number generator for randomized tests and
// benchmarks. Every randomized test draws from one of these, seeded by a number it prints when it
// fails, so any failure can be replayed exactly with `LANSTITCH_SEED=<seed> swift test`.
//
// The algorithm is SplitMix64 (Steele, Lea, Flood: "Fast splittable pseudorandom number
// generators", 2014): one 64-bit state word, a Weyl-sequence increment and a 64-bit finalizer.
// It is not cryptographic and must never be used for keys.

import Foundation

/// A deterministic `RandomNumberGenerator` (SplitMix64). Equal seeds give equal sequences on every
/// platform, so a seed printed by a failing test replays the same inventory.
///
/// Not thread-safe: it is a value; give each task its own copy.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    /// The seed this generator started from, kept for failure messages.
    public let seed: UInt64
    private var state: UInt64

    /// The SplitMix64 increment: the odd integer closest to 2^64 / φ.
    static let golden: UInt64 = 0x9E37_79B9_7F4A_7C15

    /// A generator that replays the sequence of `seed`.
    public init(seed: UInt64) {
        self.seed = seed
        state = seed
    }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        state &+= Self.golden
        return Self.mix(state)
    }

    /// The SplitMix64 finalizer: a bijection of UInt64 that spreads every input bit over the
    /// output, so neighbouring seeds (0, 1, 2, …) start unrelated sequences.
    public static func mix(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// True with probability `probability` (0…1).
    public mutating func chance(_ probability: Double) -> Bool {
        Double(next() >> 11) * 0x1.0p-53 < probability
    }
}

/// The seeds a randomized test runs over.
///
/// By default a fixed list, so every run (and CI) checks the same cases. Two environment
/// variables change it:
/// - `LANSTITCH_SEED=<n>` (decimal or `0x` hex) runs only that seed — the one a failure printed;
/// - `LANSTITCH_SEED_BASE=<n>` runs `count` other seeds starting from `n`, to explore.
public enum TestSeeds {
    /// The seeds for a test that wants `count` cases. `salt` keeps two tests from checking the
    /// same seeds when they would otherwise share a list.
    public static func list(count: Int, salt: UInt64 = 0) -> [UInt64] {
        let environment = ProcessInfo.processInfo.environment
        if let text = environment["LANSTITCH_SEED"], let seed = parse(text) { return [seed] }
        let base = environment["LANSTITCH_SEED_BASE"].flatMap(parse) ?? 0
        return (0..<UInt64(max(0, count))).map { SeededGenerator.mix(base &+ $0 &+ salt &* 0x1_0000_0000) }
    }

    /// Reads a seed written in decimal or as `0x` hex; nil for anything else.
    public static func parse(_ text: String) -> UInt64? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.lowercased().hasPrefix("0x") { return UInt64(trimmed.dropFirst(2), radix: 16) }
        return UInt64(trimmed)
    }

    /// A seed as failure messages print it: hex, ready to paste into `LANSTITCH_SEED`.
    public static func describe(_ seed: UInt64) -> String {
        "0x" + String(seed, radix: 16)
    }
}
