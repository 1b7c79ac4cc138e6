// IPv4Address: a 32-bit IPv4 address as a value, parsed strictly from dotted-quad text.
//
// The planner works on integers (prefix arithmetic, overlap tests); text appears only at the
// edges (inventory, output). Parsing never traps: bad text returns nil.

/// An IPv4 address held in host byte order.
public struct IPv4Address: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The address as a 32-bit number, most significant octet first (`10.0.0.1` is `0x0A00_0001`).
    public var value: UInt32

    public init(_ value: UInt32) { self.value = value }

    /// Builds `a.b.c.d` from four octets.
    public init(_ a: UInt8, _ b: UInt8, _ c: UInt8, _ d: UInt8) {
        value = UInt32(a) << 24 | UInt32(b) << 16 | UInt32(c) << 8 | UInt32(d)
    }

    /// Parses strict dotted-quad text: four decimal octets 0–255, no leading zeros (they read as
    /// octal in some tools), no spaces. Returns nil for anything else.
    public init?(_ text: some StringProtocol) {
        var octets: [UInt32] = []
        for part in text.split(separator: ".", omittingEmptySubsequences: false) {
            guard (1...3).contains(part.count), part.allSatisfy({ $0.isASCII && $0.isNumber }),
                part.count == 1 || part.first != "0", let octet = UInt32(part), octet <= 255
            else { return nil }
            octets.append(octet)
        }
        guard octets.count == 4 else { return nil }
        value = octets[0] << 24 | octets[1] << 16 | octets[2] << 8 | octets[3]
    }

    public var description: String {
        "\(value >> 24).\(value >> 16 & 0xFF).\(value >> 8 & 0xFF).\(value & 0xFF)"
    }

    public static func < (lhs: IPv4Address, rhs: IPv4Address) -> Bool { lhs.value < rhs.value }
}

extension IPv4Address: Codable {
    public init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let address = IPv4Address(text) else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "'\(text)' is not an IPv4 address")
        }
        self = address
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
