// lanstitch-bench-alloc: proof that the steady-state data path allocates nothing per packet.
// It forwards packets member → server → member in process (ForwardingLoop) and counts heap
// allocations with the malloc interposer (ordo-one/malloc-interposer, preloaded). Before counting
// it checks that the interposer really counts: a run without the preload must not pass.

import Foundation
import LanCrypto
import MallocInterposerSwift

let options: Options
do {
    options = try Options.parse(Array(CommandLine.arguments.dropFirst()))
} catch .help {
    print(Options.usage)
    exit(0)
} catch .invalid(let message) {
    FileHandle.standardError.write(Data("lanstitch-bench-alloc: \(message)\n\(Options.usage)\n".utf8))
    exit(2)
}

func fail(_ message: String, code: Int32) -> Never {
    FileHandle.standardError.write(Data("lanstitch-bench-alloc: \(message)\n".utf8))
    exit(code)
}

/// True when the interposer sees an allocation made on purpose (it is preloaded and counting).
func interposerCounts() -> Bool {
    MallocInterposerSwift.initialize()
    MallocInterposerSwift.hook()
    let probe = UnsafeMutableRawPointer.allocate(byteCount: 64, alignment: 16)
    probe.deallocate()
    MallocInterposerSwift.unhook()
    return MallocInterposerSwift.getStatistics().mallocCount >= 1
}

guard interposerCounts() else {
    fail(
        "the malloc interposer counts nothing: run with LD_PRELOAD=.build/<config>/libMallocInterposerSwift.so "
            + "(scripts/test-alloc does)", code: 2)
}

var passed = true
for name in options.ciphers {
    guard let cipher = AEADCipher(rawValue: name) else { fail("unknown AEAD cipher \(name)", code: 2) }
    do {
        let loop = ForwardingLoop(lan: try ForwardingLAN(cipher: cipher), allocatePerPacket: options.allocatePerPacket)
        try loop.run(options.warmup)
        MallocInterposerSwift.initialize()
        MallocInterposerSwift.hook()
        try loop.run(options.packets)
        MallocInterposerSwift.unhook()
        let stats = MallocInterposerSwift.getStatistics()
        let elapsed = try ContinuousClock().measure { try loop.run(options.packets) }
        let nanoseconds = Double(elapsed.components.seconds) * 1e9 + Double(elapsed.components.attoseconds) / 1e9
        let perPacket = Double(stats.mallocCount) / Double(options.packets)
        let ok = options.allocatePerPacket ? stats.mallocCount >= options.packets : stats.mallocCount == 0
        passed = passed && ok
        let mode = options.allocatePerPacket ? "allocating on purpose" : "steady state"
        print(
            "\(name) \(mode): \(options.packets) packets forwarded member -> server -> member, "
                + "\(stats.mallocCount) mallocs (\(String(format: "%.4f", perPacket)) per packet, "
                + "\(stats.mallocBytesCount) bytes), \(stats.freeCount) frees, "
                + "\(Int(nanoseconds / Double(options.packets))) ns per packet (uncounted run): \(ok ? "ok" : "FAIL")")
    } catch {
        fail("\(name): the path dropped a packet: \(error)", code: 1)
    }
}
exit(passed ? 0 : 1)
