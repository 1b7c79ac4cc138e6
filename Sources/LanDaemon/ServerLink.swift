// ServerLink: how `lanstitch up` (and a server dialling a peer, LinkDialer) reaches its server — a UDP socket, or a TCP stream whose
// packets carry OpenVPN's 2-byte length (§1). Either way the client hands it whole packets and
// gets whole packets back; the framing and the stream's unsent bytes are kept here.

import LanHost
import LanProfile
import LanValues
import LanWire

/// The client's transport to one server.
final class ServerLink {
    enum Kind {
        case udp(any DaemonSocket)
        case tcp(any DaemonStream)
    }

    let kind: Kind
    let server: IPv4Endpoint
    private var decoder = TCPFrameDecoder(maxPacketLength: 2048)
    private var pending: [UInt8] = []
    private var readBuffer = [UInt8](repeating: 0, count: 65_536)

    /// Opens the transport to `server` with the host's `bindUDP` or `connectTCP` (real, or fakes
    /// in tests). `lanstitch up`'s host connects TCP and waits; a server dialling a peer must
    /// never stall its event loop, so its host only starts the connect, and packets wait in
    /// `pending` until the stream is up.
    init(
        _ transport: ClientProfileTransport, to server: IPv4Endpoint,
        bindUDP: (IPv4Endpoint) throws -> any DaemonSocket, connectTCP: (IPv4Endpoint) throws -> any DaemonStream
    ) throws {
        self.server = server
        switch transport {
        case .udp: kind = .udp(try bindUDP(IPv4Endpoint(address: IPv4Address(0), port: 0)))
        case .tcp:
            kind = .tcp(try connectTCP(server))
        }
    }

    /// "udp" or "tcp", for status and logs.
    var transportName: String {
        switch kind {
        case .udp: "udp"
        case .tcp: "tcp"
        }
    }

    /// True while a TCP stream holds bytes the kernel has not taken yet.
    var hasPendingBytes: Bool { !pending.isEmpty }

    var pollHandle: PollHandle {
        switch kind {
        case .udp(let socket): return socket.pollHandle
        case .tcp(let stream): return stream.pollHandle
        }
    }

    /// Receives what is waiting into `batch` (UDP) or as decoded frames (TCP) and hands each
    /// packet to `handle`. Throws when the TCP stream ended or broke, or its framing is bad.
    func receive(into batch: PacketBatch, _ handle: (UnsafeMutableRawBufferPointer) -> Void) throws {
        switch kind {
        case .udp(let socket):
            while try socket.receive(into: batch) > 0 {
                for index in 0..<batch.count where batch.endpoint(at: index) == server {
                    handle(batch.bytes(at: index))
                }
                if batch.count < batch.capacity { break }
            }
        case .tcp(let stream):
            while true {
                let count = try readBuffer.withUnsafeMutableBytes { try stream.read(into: $0) }
                guard let count else { throw DaemonError("the server closed the TCP connection") }
                if count == 0 { return }
                for var packet in try decoder.packets(appending: readBuffer[0..<count]) {
                    packet.withUnsafeMutableBytes { handle($0) }
                }
            }
        }
    }

    /// Sends every packet of `batch` and empties it. UDP drops what would block; TCP keeps
    /// unsent bytes (up to 4 MiB) for the next call.
    func send(_ batch: PacketBatch) throws {
        switch kind {
        case .udp(let socket):
            socket.sendAll(batch)
        case .tcp(let stream):
            for index in 0..<batch.count where pending.count < 4 << 20 {
                try TCPFrameEncoder.append(Array(batch.bytes(at: index)), to: &pending)
            }
            while !pending.isEmpty {
                let written = try pending.withUnsafeBytes { try stream.write($0) }
                if written == 0 { break }
                pending.removeFirst(written)
            }
        }
        batch.removeAll()
    }

    func close() {
        switch kind {
        case .udp(let socket): try? socket.close()
        case .tcp(let stream): try? stream.close()
        }
    }
}

/// The transports a profile's remote can name.
typealias ClientProfileTransport = LanProfile.ClientProfile.Transport
