// Measuring: wall time of a stage (a monotonic clock — this is the program's edge, where
// reading the clock belongs) and the process's peak resident memory from getrusage.

import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// One measured stage of the benchmark.
struct Stage {
    var name: String
    var seconds: Double
    /// Peak resident memory of the process when the stage ended, in bytes.
    var peakBytes: Int
    /// Whether the stage counts towards the total (generating the input does not).
    var counted: Bool
}

/// Runs stages and records their figures.
struct Stopwatch {
    private(set) var stages: [Stage] = []

    /// Runs `body`, recording its wall time and the peak RSS afterwards.
    mutating func measure<T>(_ name: String, counted: Bool = true, _ body: () throws -> T) rethrows -> T {
        let clock = ContinuousClock()
        let start = clock.now
        let result = try body()
        let elapsed = start.duration(to: clock.now).components
        let seconds = Double(elapsed.seconds) + Double(elapsed.attoseconds) * 1e-18
        stages.append(Stage(name: name, seconds: seconds, peakBytes: Self.peakResidentBytes(), counted: counted))
        return result
    }

    /// The seconds of the stage called `name`, or 0.
    func seconds(of name: String) -> Double { stages.first { $0.name == name }?.seconds ?? 0 }

    /// The peak RSS recorded when the stage called `name` ended, or 0.
    func peakBytes(after name: String) -> Int { stages.first { $0.name == name }?.peakBytes ?? 0 }

    /// Peak resident set size of this process so far. `ru_maxrss` is in kilobytes on Linux and
    /// in bytes on macOS; a failing getrusage (it cannot, for RUSAGE_SELF) reads as 0.
    static func peakResidentBytes() -> Int {
        var usage = rusage()
        #if os(Linux)
            let result = getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)  // glibc: an enum
        #else
            let result = getrusage(RUSAGE_SELF, &usage)
        #endif
        guard result == 0 else { return 0 }
        #if os(Linux)
            return Int(usage.ru_maxrss) * 1024
        #else
            return Int(usage.ru_maxrss)
        #endif
    }
}
