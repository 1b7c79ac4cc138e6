// StaticKey: OpenVPN's "OpenVPN Static key V1" — 256 random bytes as hex between a header and
// footer (reference/openvpn-protocol.md §3.5). lanstitch uses one per LAN for tls-crypt, which
// wraps every control packet so that unauthenticated packets are dropped before any state.

import COpenSSL
import Foundation

/// A 2048-bit OpenVPN static key.
public struct StaticKey: Equatable, Sendable {
    public static let byteCount = 256
    static let header = "-----BEGIN OpenVPN Static key V1-----"
    static let footer = "-----END OpenVPN Static key V1-----"

    /// The 256 key bytes: two keys of (64 cipher bytes, 64 HMAC bytes).
    public let bytes: [UInt8]

    /// Why key text could not be read.
    public struct ParseError: Error, Equatable, Sendable, CustomStringConvertible {
        public var description: String
    }

    public init(bytes: [UInt8]) throws {
        guard bytes.count == Self.byteCount else {
            throw ParseError(description: "a static key has 256 bytes, not \(bytes.count)")
        }
        self.bytes = bytes
    }

    /// 256 fresh random bytes from OpenSSL's CSPRNG.
    public static func generate() throws -> StaticKey {
        var bytes = [UInt8](repeating: 0, count: byteCount)
        try check(RAND_bytes(&bytes, Int32(byteCount)), "RAND_bytes")
        return try StaticKey(bytes: bytes)
    }

    /// Reads the file format: `#` comment lines, header, hex (whitespace ignored), footer.
    public init(text: String) throws {
        let lines = text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
        guard let start = lines.firstIndex(of: Self.header) else {
            throw ParseError(description: "no '\(Self.header)' line")
        }
        guard let end = lines[start...].firstIndex(of: Self.footer) else {
            throw ParseError(description: "no '\(Self.footer)' line")
        }
        var bytes: [UInt8] = []
        var high: UInt8?
        for character in lines[(start + 1)..<end].joined() where !character.isWhitespace {
            guard let nibble = character.hexDigitValue else {
                throw ParseError(description: "'\(character)' is not a hex digit")
            }
            if let first = high {
                bytes.append(first << 4 | UInt8(nibble))
                high = nil
            } else {
                high = UInt8(nibble)
            }
        }
        guard high == nil else { throw ParseError(description: "odd number of hex digits") }
        try self.init(bytes: bytes)
    }

    /// The key in OpenVPN's file format, 16 bytes per line, as `openvpn --genkey` writes it.
    public var text: String {
        var lines = ["#", "# 2048 bit OpenVPN static key (lanstitch tls-crypt)", "#", Self.header]
        for row in stride(from: 0, to: bytes.count, by: 16) {
            lines.append(bytes[row..<(row + 16)].map { hex($0) }.joined())
        }
        lines.append(Self.footer)
        return lines.joined(separator: "\n") + "\n"
    }

    func hex(_ byte: UInt8) -> String {
        let digits = Array("0123456789abcdef")
        return String([digits[Int(byte >> 4)], digits[Int(byte & 0x0F)]])
    }
}
