// Replayer and SeedWriter: the two things lanstitch-fuzz does without libFuzzer — replay files
// through a harness and say how many ran and which were too slow, and write the generated seeds.

import Foundation
import LanFuzz

/// Replays inputs and prints the outcome.
enum Replayer {
    /// Runs every file at `paths` through `harness`; false when one was too slow or unreadable.
    static func replay(_ harness: FuzzHarness, paths: [String]) -> Bool {
        guard !paths.isEmpty else {
            print("lanstitch-fuzz: \(harness.name): built without -sanitize=fuzzer; give files or folders to replay")
            return false
        }
        do {
            let report = try CorpusReplay.run(harness, paths: paths)
            print("lanstitch-fuzz: \(harness.name): replayed \(report.inputs) inputs")
            for (path, seconds) in report.slow {
                print("lanstitch-fuzz: \(harness.name): \(path) took \(seconds) s, over \(harness.timeoutSeconds) s")
            }
            return report.slow.isEmpty
        } catch {
            print("lanstitch-fuzz: \(harness.name): \(error.localizedDescription)")
            return false
        }
    }
}

/// Writes SeedCorpus into a corpus folder.
enum SeedWriter {
    /// Writes each seed to DIR/HARNESS/NAME; false when a file cannot be written.
    static func write(into folder: String) -> Bool {
        for (harness, seeds) in SeedCorpus.all().sorted(by: { $0.key < $1.key }) {
            let directory = "\(folder)/\(harness)"
            do {
                try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
                for seed in seeds {
                    try Data(seed.bytes).write(to: URL(fileURLWithPath: "\(directory)/\(seed.name)"))
                }
                print("\(directory): \(seeds.count) seeds")
            } catch {
                print("lanstitch-fuzz: cannot write \(directory): \(error.localizedDescription)")
                return false
            }
        }
        return true
    }
}
