// Tests of what is refused before YAML is composed: a file over 1 MiB, and any alias — an
// alias bomb is refused at the alias's line:col in well under 0.1 s, whatever its depth (a
// 6-level one took 2 s before, ×10 per level).

import Foundation
import LanInventory
import LanValues
import Testing

/// A YAML "billion laughs": `levels` anchors, each a list of ten aliases of the one before.
func aliasBomb(levels: Int, under key: String = "servers") -> String {
    var lines = ["network: 10.0.0.0/8", "l0: &l0 [x, x, x, x, x, x, x, x, x, x]"]
    for level in 1...levels {
        let aliases = Array(repeating: "*l\(level - 1)", count: 10).joined(separator: ", ")
        lines.append("l\(level): &l\(level) [\(aliases)]")
    }
    lines.append("? *l\(levels)")
    lines.append(": \(key)")
    return lines.joined(separator: "\n") + "\n"
}

@Suite struct InventoryLimitTests {
    @Test func anAliasBombIsRefusedAtItsFirstAliasAtOnce() {
        for levels in [2, 6] {
            let yaml = aliasBomb(levels: levels)
            let start = ContinuousClock.now
            let loaded = InventoryLoader.load(text: yaml, file: "bomb.yaml")
            let elapsed = ContinuousClock.now - start
            #expect(loaded.inventory == nil)
            #expect(
                loaded.diagnostics.map(\.description) == [
                    "bomb.yaml:3:10: YAML alias '*l0' is not allowed in an inventory (a few bytes of aliases can "
                        + "expand into millions of values); write the value out where it is used, and put settings "
                        + "every server shares in `defaults:`"
                ])
            #expect(elapsed < .milliseconds(100), "\(levels) levels (\(yaml.utf8.count) bytes) took \(elapsed)")
        }
    }

    /// 15 levels (10^16 values): without the guard this would not end, so a small bomb that
    /// would end is tried first and must already be refused.
    @Test func aKilobyteBombIsRefusedInUnderATenthOfASecond() throws {
        let small = InventoryLoader.load(text: aliasBomb(levels: 4), file: "bomb.yaml").diagnostics
        try #require(small.first?.message.hasPrefix("YAML alias") == true, "aliases are composed: \(small)")
        let yaml = aliasBomb(levels: 15)
        #expect((900...1100).contains(yaml.utf8.count))
        let start = ContinuousClock.now
        let problems = InventoryLoader.load(text: yaml, file: "bomb.yaml").diagnostics
        #expect(ContinuousClock.now - start < .milliseconds(100))
        #expect(problems.first?.location == SourceLocation(file: "bomb.yaml", line: 3, column: 10))
    }

    @Test func aMergeKeyIsAnAliasToo() {
        let yaml = validYAML.replacingOccurrences(
            of: "  - name: hangzhou\n", with: "  - &hz\n    name: hangzhou\n"
        )
        .replacingOccurrences(of: "  - name: hongkong\n", with: "  - <<: *hz\n    name: hongkong\n")
        let lines = problems(yaml)
        #expect(lines.count == 1, "\(lines)")
        #expect(lines.first?.hasPrefix("7:9: YAML alias '*hz' is not allowed in an inventory") == true, "\(lines)")
    }

    @Test func anAnchorAloneAndAStarInTextArePlainYAML() throws {
        let yaml =
            validYAML.replacingOccurrences(of: "network: 10.0.0.0/8", with: "network: &net 10.0.0.0/8")
            .replacingOccurrences(of: "endpoint: 203.0.113.10", with: "endpoint: 203.0.113.10\n    region: \"*cn\"")
            + "# a comment with *stars* is fine\n"
        #expect(problems(yaml).isEmpty)
    }

    @Test func moreThanOneMebibyteIsRefusedSayingTheCap() throws {
        let padding = String(repeating: "# padding to make the file large\n", count: 40_000)
        let yaml = validYAML + "\n" + padding
        #expect(yaml.utf8.count > 1 << 20)
        #expect(
            problems(yaml) == [
                "1:1: inventory is larger than 1 MiB (1048576 bytes), the most lanstitch reads; is this the right file? Even thousands of servers fit in far less"
            ])
        let path = NSTemporaryDirectory() + "lanstitch-large-\(UUID().uuidString.prefix(8)).yaml"
        try Data(yaml.utf8).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(
            InventoryLoader.load(path: path).diagnostics.map(\.message).first?.hasPrefix(
                "inventory is larger than 1 MiB") == true)
        let fits = validYAML + "\n" + String(repeating: "#\n", count: 1000)
        #expect(problems(fits).isEmpty)
    }
}
