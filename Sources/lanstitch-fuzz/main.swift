// lanstitch-fuzz: every fuzz harness of LanFuzz in one executable (docs/fuzzing.md).
//
//     lanstitch-fuzz HARNESS [libFuzzer flags] [CORPUS_DIR…]   fuzz (built with -sanitize=fuzzer)
//     lanstitch-fuzz HARNESS FILE_OR_DIR…                      replay (any build)
//     lanstitch-fuzz --list                                    name, max_len, timeout, summary
//     lanstitch-fuzz --write-seeds DIR                         the generated seeds into DIR/NAME/
//
// Built with -sanitize=fuzzer, libFuzzer's driver runs the chosen harness (it parses its own
// flags and exits when done); built without it, the files given are replayed through the same
// harness and the run fails on a hang. LANSTITCH_FUZZ_HARNESS names the harness when argv
// cannot (libFuzzer's -fork mode restarts the program with its own flags only).

import CLibFuzzer
import Foundation
import LanFuzz

/// The harness libFuzzer's callback runs (set once, before the driver starts).
nonisolated(unsafe) var selected: FuzzHarness?

/// libFuzzer's entry point: the link needs it under -sanitize=fuzzer; the driver calls it.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    guard let harness = selected else { fatalError("lanstitch-fuzz: no harness chosen") }
    harness.run(data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? [])
    return 0
}

func usage() -> Never {
    let names = FuzzHarnesses.all.map(\.name).joined(separator: ", ")
    FileHandle.standardError.write(
        Data(
            "usage: lanstitch-fuzz HARNESS [libFuzzer flags | files…] | --list | --write-seeds DIR\nharnesses: \(names)\n"
                .utf8))
    exit(2)
}

var arguments = CommandLine.arguments
if arguments.count >= 2, FuzzHarnesses.named(arguments[1]) == nil, arguments[1].hasPrefix("--") {
    switch (arguments[1], arguments.count) {
    case ("--list", 2):
        for harness in FuzzHarnesses.all {
            print("\(harness.name) \(harness.maxLength) \(harness.timeoutSeconds) \(harness.summary)")
        }
        exit(0)
    case ("--write-seeds", 3):
        exit(SeedWriter.write(into: arguments[2]) ? 0 : 1)
    default:
        usage()
    }
}
if arguments.count >= 2, let harness = FuzzHarnesses.named(arguments[1]) {
    selected = harness
    arguments.remove(at: 1)
} else if let name = ProcessInfo.processInfo.environment["LANSTITCH_FUZZ_HARNESS"] {
    guard let harness = FuzzHarnesses.named(name) else { usage() }
    selected = harness
} else {
    usage()
}
guard let harness = selected else { usage() }

if lanstitch_fuzzer_linked() != 0 {
    var argc = Int32(arguments.count)
    let copies = arguments.map { strdup($0) } + [nil]
    var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = UnsafeMutablePointer.allocate(
        capacity: copies.count)
    argv?.initialize(from: copies, count: copies.count)
    exit(lanstitch_fuzzer_run(&argc, &argv) { data, size in fuzzOneInput(data, size) })
}
exit(Replayer.replay(harness, paths: arguments.dropFirst().filter { !$0.hasPrefix("-") }) ? 0 : 1)
