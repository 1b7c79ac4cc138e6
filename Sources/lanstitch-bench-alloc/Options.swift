// Options of lanstitch-bench-alloc: how many packets, which cipher, and whether to allocate on
// purpose (the check that the counter can fail).

/// What one run of lanstitch-bench-alloc does.
struct Options {
    /// Packets forwarded before counting starts (key schedules, lazy tables, first-use paths).
    var warmup = 1_000
    /// Packets forwarded while counting.
    var packets = 100_000
    /// Ciphers to run, each with its own keys.
    var ciphers: [String] = ["AES-256-GCM", "CHACHA20-POLY1305"]
    /// Copy every forwarded packet into a fresh Array (a deliberate allocation per packet).
    var allocatePerPacket = false

    static let usage = """
        usage: lanstitch-bench-alloc [--packets N] [--warmup N] [--cipher NAME] [--allocate-per-packet]
          Forwards N 1400-byte IPv4 packets client -> server -> client in process (seal, open in place,
          route, reseal, open) and counts heap allocations with the malloc interposer. Run it with
          LD_PRELOAD=.build/<config>/libMallocInterposerSwift.so (scripts/test-alloc does).
          Exit 0: zero allocations in the steady state (with --allocate-per-packet: at least one per
          packet, proving the counter counts); 1: otherwise; 2: bad arguments or no interposer.
        """

    enum Problem: Error {
        case help
        case invalid(String)
    }

    static func parse(_ arguments: [String]) throws(Problem) -> Options {
        var options = Options()
        var rest = arguments[...]
        while let argument = rest.popFirst() {
            switch argument {
            case "--help", "-h": throw .help
            case "--allocate-per-packet": options.allocatePerPacket = true
            case "--packets": options.packets = try count(rest.popFirst(), argument)
            case "--warmup": options.warmup = try count(rest.popFirst(), argument)
            case "--cipher":
                guard let name = rest.popFirst() else { throw .invalid("--cipher needs a cipher name") }
                options.ciphers = [name]
            default: throw .invalid("unknown argument '\(argument)'")
            }
        }
        return options
    }

    private static func count(_ text: String?, _ flag: String) throws(Problem) -> Int {
        guard let text, let value = Int(text), (1...100_000_000).contains(value) else {
            throw .invalid("\(flag) needs a count from 1 to 100000000")
        }
        return value
    }
}
