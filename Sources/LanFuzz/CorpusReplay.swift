// CorpusReplay: runs files through a harness without libFuzzer — how `swift test` and a build
// without -sanitize=fuzzer check the committed corpus (Fuzz/corpus/NAME) and saved crashes.
// Each input is timed against the harness's limit, so a slow input fails as a hang would
// under the fuzzer.

import Foundation

/// What replaying some inputs through one harness found.
public struct CorpusReplay: Sendable {
    /// Inputs run.
    public var inputs = 0
    /// Inputs that took longer than the harness's `timeoutSeconds`, with their time.
    public var slow: [(path: String, seconds: Double)] = []

    /// The files at `paths` (a folder stands for the files in it, sorted; hidden files are
    /// skipped), each run through `harness`. Throws when a path cannot be read.
    public static func run(_ harness: FuzzHarness, paths: [String]) throws -> CorpusReplay {
        var report = CorpusReplay()
        let clock = ContinuousClock()
        for file in try files(paths) {
            guard let data = FileManager.default.contents(atPath: file) else {
                throw CocoaError(.fileReadUnknown, userInfo: [NSFilePathErrorKey: file])
            }
            let elapsed = clock.measure { harness.run(Array(data)) }
            report.inputs += 1
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            if seconds > Double(harness.timeoutSeconds) { report.slow.append((file, seconds)) }
        }
        return report
    }

    /// The regular files at `paths`, folders expanded one level, in order.
    public static func files(_ paths: [String]) throws -> [String] {
        var files: [String] = []
        for path in paths {
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
                throw CocoaError(.fileNoSuchFile, userInfo: [NSFilePathErrorKey: path])
            }
            guard isFolder.boolValue else {
                files.append(path)
                continue
            }
            let names = try FileManager.default.contentsOfDirectory(atPath: path).filter { !$0.hasPrefix(".") }
            files += names.sorted().map { "\(path)/\($0)" }
        }
        return files
    }
}
