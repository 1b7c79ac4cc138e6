// LabError: why `lanstitch lab` could not do what was asked, said so that the user knows what
// to do next (e.g. "needs root", "openvpn is not installed: run scripts/setup").

/// A lab problem, in one sentence that says what failed and how to fix it.
public struct LabError: Error, CustomStringConvertible, Sendable {
    public var description: String

    public init(_ description: String) { self.description = description }
}
