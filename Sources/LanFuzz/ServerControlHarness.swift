// ServerControlHarness: the server's control path behind the front door (issue 16, item 9, the
// first priority). The input is a sequence of packets a client sends; the harness wraps each in
// tls-crypt with the LAN's known key and a fresh replay id, so the fuzzer's bytes reach what the
// key guards: the plaintext-part decoder, session-id and opcode checks, the reliability layer
// (acks, msg-id window, reordering), TLS (the ClientHello and whatever follows) and the timers.
//
// Input: up to `maxSteps` steps, each
//     flags(1) | length(2, big-endian) | bytes(length)
// flags: bits 0–3 advance the clock by that many 250 ms first; bit 4 sends the bytes as they
// are (raw wire: the envelope decoder and authentication see them); bit 5 reuses the previous
// replay id (a replay); bit 6 runs the session's timers first. Wrapped bytes are
// `op(1) | own sid(8) | plaintext part` (zero-padded to 9 bytes): ControlPacket's wire form.

import LanCrypto
import LanWire

/// The tls-crypt-wrapped control path of a server session.
enum ServerControlHarness {
    static let harness = FuzzHarness(
        name: "server-control",
        summary: "client packets wrapped with the known tls-crypt key, through the front door into a server session",
        maxLength: 8192
    ) { run($0) }

    /// The most packets one input sends.
    static let maxSteps = 32

    static func run(_ bytes: [UInt8]) {
        let server = FuzzServer()
        var client = FuzzClientWrapper(lan: server.lan)
        var input = FuzzInput(bytes)
        for _ in 0..<maxSteps where !input.isAtEnd {
            let flags = input.byte()
            let packet = input.record()
            if flags & 0x40 != 0 { server.runTimers(limit: 2) }
            server.advance(by: .milliseconds(250 * Int(flags & 0x0F)))
            server.deliver(flags & 0x10 != 0 ? packet : client.wrap(packet, replay: flags & 0x20 != 0))
            _ = server.takeSent()
        }
        server.runTimers(limit: 4)
    }
}

/// The client's side of tls-crypt for harness bytes: op and session id in the clear, the rest
/// encrypted, each packet with the next replay id (1, 2, …) and the LAN's replay time.
struct FuzzClientWrapper {
    let lan: FuzzLAN
    private var nextID: UInt32 = 1

    init(lan: FuzzLAN) { self.lan = lan }

    /// `bytes` as `op | sid` (zero-padded) and the plaintext part, wrapped; with `replay`, under
    /// the previous packet's replay id again.
    mutating func wrap(_ bytes: [UInt8], replay: Bool = false) -> [UInt8] {
        let id = replay && nextID > 1 ? nextID - 1 : nextID
        if id == nextID { nextID &+= 1 }
        let header = Array((bytes + [UInt8](repeating: 0, count: ControlHeader.size)).prefix(ControlHeader.size))
        var header17 = header
        for value in [id, FuzzLAN.unixTime] {
            header17 += [24, 16, 8, 0].map { UInt8(truncatingIfNeeded: value >> UInt32($0)) }
        }
        let plaintext = bytes.dropFirst(ControlHeader.size)
        guard let sealed = try? lan.clientCrypt.wrap(header17: header17, plaintext: plaintext) else { return [] }
        return header17 + sealed
    }
}
