// ResetCookie: the server session id a stateless front door answers a hard reset with
// (reference §4.5; OpenVPN 2.6 does the same with its session-id HMAC). It is the first 8
// bytes of
//
//     HMAC-SHA256(secret, slot(8, big-endian) | address(4) | port(2) | client session id(8))
//
// where the secret is random per server process and `slot` is the time divided into
// `slotLength` pieces (30 s: half the 60 s hand-window, as OpenVPN). A client that sends the
// cookie back as the remote session id of its next packet proves it received the reply at that
// address and port within the current or the previous slot — so 30 to 60 s — and the server
// needs no state until then.

import LanCrypto
import LanValues
import LanWire

/// Makes and checks the cookies of one server process.
///
/// Owns an HMAC context: not thread-safe, one per loop. Pure apart from that: the time is
/// passed in, the secret is given at creation.
public final class ResetCookie {
    /// Bytes of the per-process secret.
    public static let secretLength = 32
    /// How long one slot lasts; a cookie verifies in its own slot and the next.
    public let slotLength: Duration
    private let hmac: HMACSHA256

    /// Cookies under `secret` (32 random bytes, never written anywhere), in slots of `slotLength`.
    /// - Precondition: `slotLength` is at least one second.
    public init(secret: [UInt8], slotLength: Duration = .seconds(30)) throws {
        precondition(slotLength >= .seconds(1), "a cookie slot lasts at least a second")
        self.slotLength = slotLength
        hmac = try HMACSHA256(key: secret)
    }

    /// A cookie maker with a fresh secret from `generator`.
    public convenience init(using generator: inout some RandomNumberGenerator, slotLength: Duration = .seconds(30))
        throws
    {
        let secret = (0..<Self.secretLength).map { _ in UInt8.random(in: 0...255, using: &generator) }
        try self.init(secret: secret, slotLength: slotLength)
    }

    /// The slot `now` falls in (time before the origin counts as slot 0).
    public func slot(at now: Timestamp) -> UInt64 {
        UInt64(max(0, now.milliseconds) / max(1, Timestamp(sinceOrigin: slotLength).milliseconds))
    }

    /// The cookie for a client at `endpoint` whose session id is `client`, in `slot`.
    public func sessionID(for endpoint: IPv4Endpoint, client: SessionID, slot: UInt64) -> SessionID {
        var message = [UInt8]()
        message.reserveCapacity(22)
        message += bigEndian(slot, bytes: 8)
        message += bigEndian(UInt64(endpoint.address.value), bytes: 4)
        message += bigEndian(UInt64(endpoint.port), bytes: 2)
        message += bigEndian(client.value, bytes: 8)
        // An HMAC over 22 bytes with a valid key does not fail; if OpenSSL ever did, the zero id
        // verifies nothing (a real cookie is never 0: the reply would carry it as a session id).
        guard let tag = try? hmac.tag(of: message) else { return SessionID(0) }
        let value = tag.prefix(8).reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        return SessionID(value == 0 ? 1 : value)
    }

    /// The cookie to answer with at `now`.
    public func sessionID(for endpoint: IPv4Endpoint, client: SessionID, now: Timestamp) -> SessionID {
        sessionID(for: endpoint, client: client, slot: slot(at: now))
    }

    /// True when `cookie` is what this server answered `client` at `endpoint` in the slot of
    /// `now` or the one before.
    public func verifies(_ cookie: SessionID, for endpoint: IPv4Endpoint, client: SessionID, now: Timestamp) -> Bool {
        let current = slot(at: now)
        for slot in [current, current &- 1] where current > 0 || slot == current {
            if sessionID(for: endpoint, client: client, slot: slot) == cookie { return true }
        }
        return false
    }

    private func bigEndian(_ value: UInt64, bytes: Int) -> [UInt8] {
        (0..<bytes).map { UInt8(truncatingIfNeeded: value >> UInt64(8 * (bytes - 1 - $0))) }
    }
}
