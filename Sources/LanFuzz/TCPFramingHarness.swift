// TCPFramingHarness: OpenVPN's TCP framing (issue 16, item 9, sixth priority) — a stream cut
// into chunks at the places the input chooses. Invariant: however the stream is cut, the
// decoder yields the same packets and fails at the same packet as when it gets the stream
// whole, and re-framing those packets gives back the stream they came from.
//
// Input: cuts(1) | cut sizes(cuts bytes) | stream. The limit is 1 + cuts * 16 bytes per packet.

import LanWire

/// TCPFrameDecoder fed in pieces against the whole stream.
enum TCPFramingHarness {
    static let harness = FuzzHarness(
        name: "tcp-framing",
        summary: "TCPFrameDecoder fed a stream in fuzzed chunks, against the whole stream and re-framing",
        maxLength: 16384
    ) { run($0) }

    static func run(_ bytes: [UInt8]) {
        var input = FuzzInput(bytes)
        let cutCount = Int(input.byte() % 32)
        let cuts = input.take(cutCount).map(Int.init)
        let stream = input.rest()
        let limit = 1 + cutCount * 16
        let whole = decode([stream[...]], limit: limit)
        var chunks: [ArraySlice<UInt8>] = []
        var offset = 0
        for cut in cuts + [stream.count] where offset < stream.count {
            let end = min(stream.count, offset + cut)
            chunks.append(stream[offset..<end])
            offset = end
        }
        let pieces = decode(chunks, limit: limit)
        fuzzRequire(whole.packets == pieces.packets, "chunked decoding gives other packets")
        fuzzRequire(whole.failure == pieces.failure, "chunked decoding fails differently")
        var framed: [UInt8] = []
        for packet in whole.packets { try? TCPFrameEncoder.append(packet, to: &framed) }
        fuzzRequire(stream.starts(with: framed), "re-framed packets are not the stream's start")
    }

    /// Every packet of `chunks` in order (one at a time, so those before a fatal length in the
    /// same chunk are kept), and the error that stopped the stream.
    static func decode(_ chunks: [ArraySlice<UInt8>], limit: Int) -> (packets: [[UInt8]], failure: WireError?) {
        var decoder = TCPFrameDecoder(maxPacketLength: limit)
        var packets: [[UInt8]] = []
        for chunk in chunks {
            decoder.append(chunk)
            do {
                while let packet = try decoder.nextPacket() { packets.append(packet) }
            } catch {
                return (packets, error)
            }
        }
        return (packets, nil)
    }
}
