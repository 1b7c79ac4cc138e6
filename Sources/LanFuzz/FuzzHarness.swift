// FuzzHarness: one fuzz target of lanstitch — a name (its corpus folder, Fuzz/corpus/NAME, and
// the argument of `lanstitch-fuzz NAME`), the limits libFuzzer runs it with, and a function of
// one input that must return for every input. A crash, a trap or a failed `fuzzRequire` is a
// finding. The registry lists every harness in the order of issue 16's priorities.

/// A function of arbitrary bytes that must never crash, hang or break its stated invariants.
///
/// Contract: `run` is deterministic apart from the randomness TLS itself draws, keeps no state
/// between inputs beyond fixtures built once (keys, certificates), and bounds every loop by the
/// input's length or a constant. Not thread-safe: libFuzzer calls it from one thread.
public struct FuzzHarness: Sendable {
    /// The harness's name: its corpus folder and the command-line argument that selects it.
    public let name: String
    /// What the harness feeds, and to what, in one line.
    public let summary: String
    /// The longest input libFuzzer generates for it (`-max_len`).
    public let maxLength: Int
    /// Seconds one input may take before it counts as a hang (`-timeout`; also checked on replay).
    public let timeoutSeconds: Int
    let body: @Sendable ([UInt8]) -> Void

    /// A harness; `body` is called once per input.
    public init(
        name: String, summary: String, maxLength: Int = 4096, timeoutSeconds: Int = 5,
        body: @escaping @Sendable ([UInt8]) -> Void
    ) {
        self.name = name
        self.summary = summary
        self.maxLength = maxLength
        self.timeoutSeconds = timeoutSeconds
        self.body = body
    }

    /// Runs one input.
    public func run(_ input: [UInt8]) { body(input) }
}

/// Every harness, most important first (issue 16, item 9).
public enum FuzzHarnesses {
    public static let all: [FuzzHarness] = [
        ServerControlHarness.harness, ServerHandshakeHarness.harness, ControlRecordHarness.harness,
        IPv4EditHarness.harness, LiveRoutesHarness.harness, PushReplyHarness.harness, TCPFramingHarness.harness,
        ControlParsersHarness.harness, ProfileHarness.harness, InventoryHarness.harness,
    ]

    /// The harness called `name`, if any.
    public static func named(_ name: String) -> FuzzHarness? { all.first { $0.name == name } }
}

/// Stops the process with `message` when an invariant the harness checks does not hold: under
/// libFuzzer this is a crash with its input saved; on replay it fails the run.
func fuzzRequire(
    _ condition: @autoclosure () -> Bool, _ message: @autoclosure () -> String, file: StaticString = #fileID,
    line: UInt = #line
) {
    guard !condition() else { return }
    fatalError("fuzz invariant broken: \(message())", file: file, line: line)
}
