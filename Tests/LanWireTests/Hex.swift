// Hex: reads annotated hex vectors in tests — one field per line, `# name` comments, whitespace
// ignored — so a wire layout reads like the reference's tables (STYLE habit 9).

/// The bytes of annotated hex text; a `#` starts a comment to the end of the line. Traps on a
/// malformed vector (a broken test, not a broken codec).
func hex(_ text: String) -> [UInt8] {
    let digits = text.split(separator: "\n").flatMap { line in
        (line.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? "").filter {
            !$0.isWhitespace
        }
    }
    precondition(digits.count % 2 == 0, "odd number of hex digits")
    return stride(from: 0, to: digits.count, by: 2).map { index in
        UInt8(String(digits[index..<(index + 2)]), radix: 16)!
    }
}

/// Lower-case hex of `bytes`, for readable failure messages.
func hexString(_ bytes: [UInt8]) -> String {
    bytes.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
}
