// ServerHandshakeHarness: the server's control channel after TLS (issue 16, item 9: the TLS
// records the control path carries). Each input runs a real handshake — a client ControlSession
// against the server over a clean in-memory wire — with the client's key-method 2 options and
// peer-info taken from the input, so the server decodes them, negotiates a cipher and builds
// its PUSH_REPLY from them; then the client writes the input's text messages inside TLS, and
// may renegotiate, so the server's text dispatch and soft reset see them.
//
// Input: options record | peer-info record | up to `maxMessages` of
//     flags(1) | text record
// (records are a big-endian u16 length and bytes). flags: bit 0 renegotiates first; bits 4–7
// advance the clock by that many seconds first.

import LanProtocol
import LanWire

/// A handshake with fuzzed key-method 2 strings, then fuzzed control-channel text.
enum ServerHandshakeHarness {
    static let harness = FuzzHarness(
        name: "server-handshake",
        summary: "a real TLS handshake with fuzzed key-method 2 options and peer-info, then fuzzed control text",
        maxLength: 4096
    ) { run($0) }

    /// The most text messages one input sends.
    static let maxMessages = 16
    /// Round trips a handshake may take on a clean wire before the harness gives up.
    static let maxRounds = 64

    static func run(_ bytes: [UInt8]) {
        var input = FuzzInput(bytes)
        let lan = FuzzLAN.shared
        var configuration = lan.client
        configuration.options = String(decoding: input.record(), as: UTF8.self)
        configuration.peerInfo = String(decoding: input.record(), as: UTF8.self)
        let server = FuzzServer(lan: lan)
        guard
            let client = try? ControlSession.client(
                configuration: configuration, localSessionID: FuzzLAN.clientSessionID, now: server.now)
        else { return }
        var pair = Pair(client: client, server: server)
        guard pair.exchange(until: { $0.isConfigured }) else { return }
        for _ in 0..<maxMessages where !input.isAtEnd {
            let flags = input.byte()
            let text = String(decoding: input.record(), as: UTF8.self)
            if flags >> 4 != 0 { server.advance(by: .seconds(Int(flags >> 4))) }
            if flags & 1 != 0 { client.renegotiate(now: server.now) }
            try? client.send(text: text)
            guard pair.exchange(until: { _ in false }) else { return }
        }
        server.runTimers(limit: 4)
    }

    /// A client and the server joined by a clean wire, both on the server's clock.
    struct Pair {
        let client: ControlSession
        let server: FuzzServer
        private(set) var isConfigured = false

        init(client: ControlSession, server: FuzzServer) {
            self.client = client
            self.server = server
        }

        /// Moves packets both ways until `done` holds, nothing moves, or `maxRounds` pass; false
        /// when the client's session closed.
        mutating func exchange(until done: (Pair) -> Bool) -> Bool {
            for _ in 0..<ServerHandshakeHarness.maxRounds {
                let outgoing = client.poll(now: server.now)
                for packet in outgoing { server.deliver(packet) }
                let incoming = server.takeSent()
                for packet in incoming { try? client.receive(packet, now: server.now) }
                for event in client.takeEvents() {
                    switch event {
                    case .configured: isConfigured = true
                    case .closed: return false
                    default: continue
                    }
                }
                if done(self) { return true }
                if outgoing.isEmpty, incoming.isEmpty {
                    guard server.session != nil else { return false }
                    server.advance(by: .milliseconds(100))
                }
            }
            return true
        }
    }
}
