// CorpusTests: the committed fuzz corpus as a regression test — every harness has seeds in
// Fuzz/corpus/NAME, every corpus folder names a harness, and every input (seeds, and inputs
// that once crashed, kept as crash-*) runs through its harness without a crash or a hang.

import Foundation
import LanFuzz
import Testing

/// Fuzz/corpus in this repository, found from this file's path.
let corpusRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("Fuzz/corpus").path

@Suite struct CorpusTests {
    @Test(arguments: FuzzHarnesses.all.map(\.name))
    func corpusReplaysCleanly(_ name: String) throws {
        let harness = try #require(FuzzHarnesses.named(name))
        let report = try CorpusReplay.run(harness, paths: ["\(corpusRoot)/\(name)"])
        #expect(report.inputs > 0, "Fuzz/corpus/\(name) holds no seeds")
        #expect(report.slow.isEmpty, "inputs over \(harness.timeoutSeconds) s: \(report.slow)")
    }

    @Test func everyCorpusFolderNamesAHarness() throws {
        let folders = try FileManager.default.contentsOfDirectory(atPath: corpusRoot).filter { !$0.hasPrefix(".") }
        #expect(Set(folders) == Set(FuzzHarnesses.all.map(\.name)))
    }

    @Test func everyGeneratedSeedIsCommitted() {
        for (name, seeds) in SeedCorpus.all() {
            for seed in seeds {
                #expect(
                    FileManager.default.fileExists(atPath: "\(corpusRoot)/\(name)/\(seed.name)"),
                    "run lanstitch-fuzz --write-seeds Fuzz/corpus to add \(name)/\(seed.name)")
            }
        }
    }

    @Test func harnessNamesAreUniqueAndLimitsSane() {
        let names = FuzzHarnesses.all.map(\.name)
        #expect(Set(names).count == names.count)
        #expect(FuzzHarnesses.all.allSatisfy { $0.maxLength > 0 && $0.timeoutSeconds > 0 })
    }
}
