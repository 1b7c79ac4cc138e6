// TextDiff: a short unified diff of two texts (pure), for `deploy --dry-run`: what would
// change in server.yaml and the other config files on a host. Longest common subsequence over
// lines; files here are small (hundreds of lines), and larger inputs are summarised instead.

public enum TextDiff {
    /// Inputs beyond this many lines each get a one-line summary instead of a diff.
    public static let maxLines = 4000

    /// `---`/`+++` headers, then hunks with `context` lines around each change, at most
    /// `limit` lines of hunks (then "… N more lines"). Empty when the texts are equal.
    public static func unified(
        old: String, new: String, oldName: String, newName: String, context: Int = 3, limit: Int = 40
    ) -> [String] {
        let a = lines(old)
        let b = lines(new)
        if a == b { return [] }
        guard a.count <= maxLines, b.count <= maxLines else {
            return ["--- \(oldName)", "+++ \(newName)", "(\(a.count) → \(b.count) lines; too long to diff here)"]
        }
        let edits = script(a, b)
        var body: [String] = []
        for hunk in hunks(edits, context: context) {
            let slice = edits[hunk]
            let oldStart = (slice.first?.oldLine ?? 0) + 1
            let newStart = (slice.first?.newLine ?? 0) + 1
            let oldCount = slice.filter { $0.mark != "+" }.count
            let newCount = slice.filter { $0.mark != "-" }.count
            body.append("@@ -\(oldStart),\(oldCount) +\(newStart),\(newCount) @@")
            body += slice.map { "\($0.mark)\($0.text)" }
        }
        if body.count > limit {
            body = Array(body.prefix(limit)) + ["… \(body.count - limit) more lines"]
        }
        return ["--- \(oldName)", "+++ \(newName)"] + body
    }

    /// One line of the edit script: " " kept, "-" only in old, "+" only in new.
    struct Edit {
        var mark: Character
        var text: Substring
        var oldLine: Int
        var newLine: Int
    }

    static func lines(_ text: String) -> [Substring] {
        var result = text.split(separator: "\n", omittingEmptySubsequences: false)
        if result.last == "" { result.removeLast() }
        return result
    }

    /// The edit script from the LCS table (suffix lengths), old lines before new ones.
    static func script(_ a: [Substring], _ b: [Substring]) -> [Edit] {
        var table = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in stride(from: a.count - 1, through: 0, by: -1) {
            for j in stride(from: b.count - 1, through: 0, by: -1) {
                table[i][j] = a[i] == b[j] ? table[i + 1][j + 1] + 1 : max(table[i + 1][j], table[i][j + 1])
            }
        }
        var edits: [Edit] = []
        var i = 0
        var j = 0
        while i < a.count || j < b.count {
            if i < a.count, j < b.count, a[i] == b[j] {
                edits.append(Edit(mark: " ", text: a[i], oldLine: i, newLine: j))
                i += 1
                j += 1
            } else if i < a.count, j == b.count || table[i + 1][j] >= table[i][j + 1] {
                edits.append(Edit(mark: "-", text: a[i], oldLine: i, newLine: j))
                i += 1
            } else {
                edits.append(Edit(mark: "+", text: b[j], oldLine: i, newLine: j))
                j += 1
            }
        }
        return edits
    }

    /// Ranges of the script to show: every change with `context` kept lines around it, merged.
    static func hunks(_ edits: [Edit], context: Int) -> [Range<Int>] {
        var ranges: [Range<Int>] = []
        for (index, edit) in edits.enumerated() where edit.mark != " " {
            let range = max(0, index - context)..<min(edits.count, index + context + 1)
            if let last = ranges.last, last.upperBound >= range.lowerBound {
                ranges[ranges.count - 1] = last.lowerBound..<max(last.upperBound, range.upperBound)
            } else {
                ranges.append(range)
            }
        }
        return ranges
    }
}
