// DataPeer: the data path of one peer, written once for all four kinds — a member, a link a
// peer dialled in, a link this server dials, and `lanstitch up`'s server. It owns the peer's
// data channel (keys, replay window, packet ids), its framing, its traffic figures and clocks,
// and where its sealed packets go (Egress). Opening and sealing happen in place in a batch
// slot: nothing is allocated or copied per packet (the legacy compression stubs excepted).

import LanForwarding
import LanHost
import LanProtocol
import LanValues
import LanWire

/// A TCP stream's framed output (the server's TCPPeer): takes a whole packet or refuses it.
public protocol StreamOutput: AnyObject {
    /// Frames `packet` (2-byte length) onto the output; false, taking nothing, when full.
    func enqueue(_ packet: UnsafeRawBufferPointer) -> Bool
}

/// A dialled link's own output (the server's LinkDialer): a batch it sends on its transport.
public protocol LinkOutput: AnyObject {
    /// Sealed packets waiting for the end of the loop turn, and where they go.
    var outgoing: PacketBatch { get }
    var destination: IPv4Endpoint { get }
    /// Sends `outgoing` and empties it; throws when the transport broke.
    func sendOutgoing() throws
}

/// Where a peer's sealed packets go.
public enum Egress {
    /// The server's shared UDP socket, to this endpoint.
    case datagram(IPv4Endpoint)
    /// Framed onto a TCP stream.
    case stream(any StreamOutput)
    /// A dialled link's own batch and transport.
    case link(any LinkOutput)
}

/// Packets and bytes each way, and spoofed packets dropped, for status and metrics.
public struct PeerTraffic: Sendable, Equatable {
    public var packetsIn = 0
    public var packetsOut = 0
    public var bytesIn = 0
    public var bytesOut = 0
    public var spoofed = 0
    public init() {}
}

/// One peer's data path. Owned by the loop; not thread-safe.
public final class DataPeer {
    public private(set) var channel: DataChannel
    public var egress: Egress
    /// The compression stub framing pushed to this peer (§9.6); `.none` for most.
    public var framing = CompressionFraming.none
    /// The peer's certificate name, for logs.
    public var name: String?
    /// A member's lease: the only source it may send from, and where it is delivered.
    public var address: IPv4Address?
    /// A server link's peer name: it may send from any address routed over a link.
    public var linkName: String?
    public var traffic = PeerTraffic()
    public var lastReceived: Timestamp
    public var lastSent: Timestamp
    /// The member's allowance of relayed broadcasts (made at its first broadcast), and when its
    /// excess was last logged.
    public var broadcastBucket: TokenBucket?
    public var broadcastLimitLogged: Timestamp?

    public init(channel: DataChannel, egress: Egress, now: Timestamp) {
        self.channel = channel
        self.egress = egress
        lastReceived = now
        lastSent = now
    }

    /// Starts over with `channel` (a new attempt of a dialled link); the figures stay.
    public func replace(_ channel: DataChannel) { self.channel = channel }

    /// True once a key can seal and open.
    public var isReady: Bool { channel.isReady }

    /// True when a packet from `source` came the way this peer's packets come: its endpoint on
    /// the server's socket, or its very stream.
    @inline(__always)
    public func arrives(from source: PacketSource) -> Bool {
        switch (egress, source) {
        case (.datagram(let mine), .datagram(let theirs)): mine == theirs
        case (.stream(let mine), .stream(let theirs)): mine === theirs
        default: false
        }
    }

    /// Open: decrypts the P_DATA_V2 packet `bytes` in place. Returns the payload (after the
    /// header), or nil with `drop` set to why.
    public func open(_ bytes: UnsafeMutableRawBufferPointer, now: Timestamp, drop: inout DataChannel.Drop?)
        -> UnsafeMutableRawBufferPointer?
    {
        do {
            switch try channel.open(bytes, nowSeconds: UInt64(max(0, now.milliseconds / 1000))) {
            case .failure(let reason):
                drop = reason
                return nil
            case .success: break
            }
        } catch {
            drop = .unauthentic
            return nil
        }
        lastReceived = now
        let payload = UnsafeMutableRawBufferPointer(rebasing: bytes[DataChannel.overhead...])
        traffic.packetsIn += 1
        traffic.bytesIn += payload.count
        return payload
    }

    /// Seal: appends `plaintext` to `batch` for `endpoint`, prepends the header into the slot's
    /// headroom and seals in place. Anything but `.sealed` gives the slot back.
    public func seal(
        _ plaintext: UnsafeRawBufferPointer, into batch: PacketBatch, to endpoint: IPv4Endpoint, now: Timestamp
    ) -> SealOutcome {
        guard batch.append(plaintext, endpoint: endpoint) else { return .tooLarge }
        let index = batch.count - 1
        _ = batch.prepend(DataChannel.overhead, at: index)
        do {
            guard try channel.seal(batch.bytes(at: index), now: now) else {
                batch.count -= 1
                return .noKeys
            }
        } catch {
            batch.count -= 1
            return .failed
        }
        lastSent = now
        traffic.packetsOut += 1
        traffic.bytesOut += plaintext.count
        return .sealed
    }
}

/// What became of a packet to seal.
public enum SealOutcome: Equatable {
    case sealed
    case tooLarge
    case noKeys
    case failed
}
