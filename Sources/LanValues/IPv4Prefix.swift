// IPv4Prefix: a CIDR block (`10.251.0.0/16`) — the unit of pools, site subnets and routes.
//
// Invariant: the host bits of `network` are zero. Text with host bits set is rejected by
// `parse`, which says which prefix was probably meant, so a typo never silently widens a route.

/// An IPv4 network prefix with its host bits cleared.
public struct IPv4Prefix: Hashable, Sendable, CustomStringConvertible {
    /// The first address of the block; its host bits are zero.
    public let network: IPv4Address
    /// The prefix length, 0...32.
    public let length: Int

    /// Builds a prefix, clearing any host bits of `address`.
    public init(_ address: IPv4Address, length: Int) {
        precondition((0...32).contains(length), "prefix length out of range")
        self.length = length
        network = IPv4Address(address.value & IPv4Prefix.mask(length))
    }

    /// The netmask of a prefix length as a number (`/16` is `0xFFFF_0000`).
    public static func mask(_ length: Int) -> UInt32 {
        length == 0 ? 0 : UInt32.max << UInt32(32 - length)
    }

    /// Why CIDR text could not be read; `message` is written for the person who typed it.
    public struct ParseError: Error, Sendable, Equatable {
        public let message: String
    }

    /// Parses `a.b.c.d/n`. Rejects host bits (naming the prefix that was probably meant), missing
    /// lengths and out-of-range numbers.
    public static func parse(_ text: String) -> Result<IPv4Prefix, ParseError> {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2 else {
            return .failure(
                ParseError(message: "'\(text)' is not CIDR text; write it as address/length, e.g. 10.1.0.0/16"))
        }
        guard let address = IPv4Address(parts[0]) else {
            return .failure(ParseError(message: "'\(parts[0])' in '\(text)' is not an IPv4 address"))
        }
        guard parts[1].allSatisfy({ $0.isASCII && $0.isNumber }), let length = Int(parts[1]), (0...32).contains(length)
        else {
            return .failure(ParseError(message: "'\(parts[1])' in '\(text)' is not a prefix length from 0 to 32"))
        }
        let prefix = IPv4Prefix(address, length: length)
        guard prefix.network == address else {
            return .failure(ParseError(message: "'\(text)' has host bits set; did you mean \(prefix)?"))
        }
        return .success(prefix)
    }

    /// The number of addresses in the block.
    public var size: UInt64 { UInt64(1) << UInt64(32 - length) }

    /// The last address of the block (the broadcast address for subnets of /30 and larger).
    public var last: IPv4Address { IPv4Address(network.value | ~IPv4Prefix.mask(length)) }

    /// The first usable host: the server's tunnel address when this is a server's first pool.
    public var firstHost: IPv4Address { IPv4Address(network.value &+ (length >= 31 ? 0 : 1)) }

    /// Usable host addresses: all but the network and broadcast addresses (for /31 and /32, all).
    public var hostCount: UInt64 { length >= 31 ? size : size - 2 }

    public func contains(_ address: IPv4Address) -> Bool {
        address.value & IPv4Prefix.mask(length) == network.value
    }

    /// True when `other` lies wholly inside this prefix.
    public func contains(_ other: IPv4Prefix) -> Bool {
        other.length >= length && contains(other.network)
    }

    /// True when the two blocks share at least one address.
    public func overlaps(_ other: IPv4Prefix) -> Bool {
        contains(other.network) || other.contains(network)
    }

    /// The smallest prefix that holds every one of `prefixes` (nil for none). A server with
    /// pools 10.43.0.0/16 and 10.44.0.0/16 gives its members 10.40.0.0/13: one subnet that holds
    /// every member and the server's own address, whichever pool the member is in.
    public static func covering(_ prefixes: some Sequence<IPv4Prefix>) -> IPv4Prefix? {
        var iterator = prefixes.makeIterator()
        guard var result = iterator.next() else { return nil }
        while let next = iterator.next() {
            var length = min(result.length, next.length)
            while length > 0, mask(length) & (result.network.value ^ next.network.value) != 0 { length -= 1 }
            result = IPv4Prefix(result.network, length: length)
        }
        return result
    }

    public var description: String { "\(network)/\(length)" }
}

extension IPv4Prefix: Comparable {
    /// Orders by network address, then shorter prefix first: the order routes are printed in.
    public static func < (lhs: IPv4Prefix, rhs: IPv4Prefix) -> Bool {
        (lhs.network.value, lhs.length) < (rhs.network.value, rhs.length)
    }
}

extension IPv4Prefix: Codable {
    public init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        switch IPv4Prefix.parse(text) {
        case .success(let prefix): self = prefix
        case .failure(let error):
            throw DecodingError.dataCorruptedError(in: container, debugDescription: error.message)
        }
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
