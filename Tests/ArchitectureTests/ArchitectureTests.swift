// ArchitectureTests: DESIGN.md's layers as tests — every enforced rule of LayerRules holds, and
// every rule recorded as not holding yet is still broken (so fixing one asks to enforce it).

import Foundation
import Testing

/// Why the rules that read the package graph did not run.
let noSwift: Comment = "`swift` is not on PATH, so `swift package dump-package` cannot read the package graph"

@Suite struct ArchitectureTests {
    /// The files, and the graph when the toolchain can give it (else the test is skipped, saying why).
    func project(for rule: LayerRule) throws -> Project {
        let tree = try SourceTree.read()
        guard rule.needsGraph else { return Project(tree: tree, graph: nil) }
        switch PackageGraph.current {
        case nil: try Test.cancel(noSwift)
        case .failure(let error)?: throw error
        case .success(let graph)?: return Project(tree: tree, graph: graph)
        }
    }

    @Test(arguments: LayerRules.enforced.filter { !$0.needsGraph })
    func ruleHolds(_ rule: LayerRule) throws {
        try check(rule)
    }

    @Test(.enabled(if: PackageGraph.swiftOnPath != nil, noSwift), arguments: LayerRules.enforced.filter(\.needsGraph))
    func graphRuleHolds(_ rule: LayerRule) throws {
        try check(rule)
    }

    func check(_ rule: LayerRule) throws {
        let violations = rule.violations(try project(for: rule))
        let broken = violations.joined(separator: "\n  ")
        #expect(violations.isEmpty, "\(rule.name): \(rule.why)\n  \(broken)")
    }

    @Test(arguments: LayerRules.notYet)
    func ruleNotHoldingYetIsStillBroken(_ rule: LayerRule) throws {
        let violations = rule.violations(try project(for: rule))
        #expect(
            !violations.isEmpty,
            """
            \(rule.name) holds now: set `holdsToday: true` and move it to `enforced` in \
            Tests/ArchitectureTests/LayerRules.swift, so it stays held
            """)
    }

    @Test func rulesAreNamedOnceAndFlaggedWhereTheyStand() {
        let names = LayerRules.all.map(\.name)
        #expect(Set(names).count == names.count)
        #expect(LayerRules.enforced.allSatisfy(\.holdsToday) && !LayerRules.notYet.contains(where: \.holdsToday))
    }

    /// The rules pass only if they see the package: guard against a tree or a graph read empty.
    @Test func theRulesSeeThePackage() throws {
        let tree = try SourceTree.read()
        #expect(tree.files.count > 100)
        #expect(tree.imports(of: "LanDaemon").isSuperset(of: ["LanHost", "LanProtocol"]))
        #expect(tree.imports(of: "LanControlTests").contains("LanControl"))
        for pure in LayerRules.pure { #expect(!tree.files(of: pure).isEmpty, "\(pure) has files") }
        guard let graph = try PackageGraph.current?.get() else {
            try Test.cancel(noSwift)
        }
        #expect(graph.targets["LanInventory"]?.dependencies.contains("LanValues") == true)
        #expect(graph.targets["LanInventory"]?.dependencies.contains("Yams") == true)
        #expect(graph.closure(of: "LanCommands").isSuperset(of: ["LanDaemon", "LanLinux", "CLinuxShim"]))
        #expect(graph.targets["COpenSSL"]?.kind == .system && graph.targets["LanLabTests"]?.kind == .test)
    }

    @Test func importLinesAreReadWithAttributesKindsAndIndentation() {
        let file = SourceFile(
            path: "x.swift", target: "X",
            text: """
                // a file
                import Alpha
                @testable import Beta
                @preconcurrency import struct Gamma.Thing
                #if canImport(Delta)
                    import Delta
                #endif
                // import Epsilon
                let important = 1
                """)
        #expect(file.imports == ["Alpha", "Beta", "Gamma", "Delta"])
        #expect(file.lines(containing: "Epsilon").isEmpty && file.lines(containing: "Delta").count == 2)
    }
}
