// LayerRule: one rule of DESIGN.md's layers as data — its name, why it matters, whether it
// holds today, and a check that lists what breaks it (file:line or target → target).

import Testing

/// What a rule reads: the Swift files, and the package graph when the toolchain could give it.
struct Project: Sendable {
    var tree: SourceTree
    var graph: PackageGraph?
}

/// A rule about who may import or depend on whom.
struct LayerRule: Sendable, CustomTestStringConvertible {
    /// What the rule says, e.g. "LanLab does not import LanDaemon".
    var name: String
    /// Why the rule matters: the sentence shown when it is broken.
    var why: String
    /// False for a rule the code does not follow yet (issue 15): the test then asserts it is
    /// still broken, so whoever fixes it is told to make it enforced.
    var holdsToday: Bool = true
    /// True when the check reads the package graph (skipped without `swift` on PATH).
    var needsGraph = false
    /// Everything that breaks the rule; empty when it holds.
    var violations: @Sendable (Project) -> [String]

    var testDescription: String { name }
}

extension Project {
    /// The lines of `targets`' files that contain any of `needles` (outside comments).
    func lines(in targets: [String], containing needles: [String]) -> [String] {
        targets.flatMap { target in
            tree.files(of: target).flatMap { file in needles.flatMap { file.lines(containing: $0) } }
        }
    }

    /// `target → module` for each module of `forbidden` that a file of `target` imports.
    func imports(of target: String, among forbidden: Set<String>) -> [String] {
        tree.files(of: target).flatMap { file in
            file.imports.intersection(forbidden).sorted().map { "\(file.path): imports \($0)" }
        }
    }

    /// `target → dependency` for each of `forbidden` that `target` depends on, directly or not.
    func dependencies(of target: String, among forbidden: Set<String>) -> [String] {
        (graph?.closure(of: target) ?? []).intersection(forbidden).sorted().map { "\(target) depends on \($0)" }
    }
}
