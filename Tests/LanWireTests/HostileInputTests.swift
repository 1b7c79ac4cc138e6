// Hostile input: seeded random byte strings into every decoder. None may trap; whatever decodes
// must re-encode to the same bytes where the format is canonical. Inputs are biased towards
// plausible headers so the decoders get past their first byte.

import LanTestKit
import LanWire
import Testing

@Suite struct HostileInputTests {
    static let cases = 3000

    /// Random bytes; half of them start like a control or data packet.
    static func packet(_ random: inout SeededGenerator) -> [UInt8] {
        var bytes = (0..<Int.random(in: 0..<80, using: &random)).map { _ in UInt8.random(in: 0...255, using: &random) }
        if Bool.random(using: &random), !bytes.isEmpty {
            let opcode = UInt8.random(in: 1...11, using: &random)
            bytes[0] = opcode << 3 | UInt8.random(in: 0...7, using: &random)
            if bytes.count > 9 { bytes[9] = UInt8.random(in: 0...9, using: &random) }
        }
        return bytes
    }

    @Test func controlPackets() {
        var random = SeededGenerator(seed: 0xC0_0001)
        var decoded = 0
        for _ in 0..<Self.cases {
            let bytes = Self.packet(&random)
            if let packet = try? ControlPacket(decoding: bytes) {
                decoded += 1
                #expect(packet.encoded() == bytes, "seed \(random.seed): \(hexString(bytes))")
                #expect(packet.acks.count <= ControlPacket.maxAcks)
            }
            if let envelope = try? TLSCryptEnvelope(decoding: bytes) {
                #expect(envelope.encoded() == bytes)
            }
            if let tlvs = try? EarlyNegotiationTLV.decode(bytes) {
                #expect(EarlyNegotiationTLV.encode(tlvs) == bytes)
            }
            if let header = try? ControlHeader(decoding: bytes) {
                let rest = Array(bytes.dropFirst(ControlHeader.size))
                if let packet = try? ControlPacket(header: header, plaintextPart: rest) {
                    #expect(packet.encodedPlaintextPart() == rest)
                }
            }
        }
        #expect(decoded > Self.cases / 20, "the inputs must reach the decoder's success path")
    }

    @Test func dataHeadersAndFraming() {
        var random = SeededGenerator(seed: 0xDA_0001)
        for _ in 0..<Self.cases {
            let bytes = Self.packet(&random)
            if let header = try? DataHeader(decoding: bytes) {
                #expect(header.encoded() == Array(bytes.prefix(header.size)))
            }
            for framing in [CompressionFraming.none, .lzoStub, .stubV1, .stubV2] {
                if let plaintext = try? framing.unframe(bytes) {
                    #expect((try? framing.unframe(framing.frame(plaintext))) == plaintext)
                }
            }
            _ = DataChannelMessage(plaintext: bytes)
        }
    }

    @Test func tcpStreams() {
        var random = SeededGenerator(seed: 0x7C_0001)
        for _ in 0..<(Self.cases / 10) {
            var decoder = TCPFrameDecoder(maxPacketLength: Int.random(in: 1...300, using: &random))
            for _ in 0..<10 {
                let chunk = Self.packet(&random)
                guard let packets = try? decoder.packets(appending: chunk) else { break }
                #expect(packets.allSatisfy { !$0.isEmpty && $0.count <= decoder.maxPacketLength })
            }
        }
    }

    @Test func keyMethod2AndPeerInfo() {
        var random = SeededGenerator(seed: 0x4B_0002)
        var decoded = 0
        for _ in 0..<Self.cases {
            var bytes =
                [0, 0, 0, 0, 2]
                + (0..<Int.random(in: 0..<200, using: &random)).map { _ in UInt8.random(in: 0...255, using: &random) }
            // Plausible string lengths at the server's options offset.
            if bytes.count > 70 { bytes[69] = 0; bytes[70] = UInt8.random(in: 0...40, using: &random) }
            for sender in [KeyMethod2Sender.client, .server] {
                if let message = try? KeyMethod2Message(decoding: bytes, from: sender) {
                    decoded += 1
                    #expect(message.options.utf8.count < KeyMethod2Message.maxOptionsLength)
                    _ = PeerInfo(text: message.peerInfo)
                }
            }
            _ = PeerInfo(text: String(decoding: bytes, as: UTF8.self))
        }
        #expect(decoded > 0)
    }

    /// Options that parse, to be mutated one byte at a time.
    static let pushOptions = [
        "route-gateway 10.8.0.1", "topology subnet", "ping 10", "ping-restart 60", "ifconfig 10.8.0.2 255.255.255.0",
        "route 10.9.0.0 255.255.0.0", "route 10.1.0.0 255.255.0.0 10.8.0.9 5", "peer-id 7", "cipher AES-256-GCM",
        "protocol-flags cc-exit tls-ekm", "key-derivation tls-ekm", "tun-mtu 1500", "compress stub-v2", "comp-lzo no",
        "dhcp-option DNS 10.8.0.1", "push-continuation 2", "push-continuation 1",
    ]

    /// A PUSH_REPLY (or something close to one) with a byte or two mutated, NUL-terminated.
    static func pushMessage(_ random: inout SeededGenerator) -> [UInt8] {
        let count = Int.random(in: 0...6, using: &random)
        let options = (0..<count).map { _ in pushOptions.randomElement(using: &random)! }
        var bytes = Array((["PUSH_REPLY"] + options).joined(separator: ",").utf8)
        for _ in 0..<Int.random(in: 0...2, using: &random) where !bytes.isEmpty {
            bytes[Int.random(in: 0..<bytes.count, using: &random)] = UInt8.random(in: 0...255, using: &random)
        }
        return bytes + [0]
    }

    @Test func controlTextAndPushReplies() {
        var random = SeededGenerator(seed: 0x7E_0003)
        var parsed = 0
        for _ in 0..<Self.cases {
            var bytes = Self.pushMessage(&random) + Self.pushMessage(&random)
            if Int.random(in: 0..<4, using: &random) == 0 { bytes.removeLast() }
            var reader = ControlTextReader(maxMessageLength: 160)
            guard let results = try? reader.append(bytes) else { continue }
            var assembler = PushReplyAssembler()
            for case .success(let text) in results {
                guard case .pushReply(let options) = ControlMessage(text: text) else { continue }
                guard let reply = try? assembler.add(options: options) else { continue }
                parsed += 1
                #expect((try? PushReply(options: reply.options)) == reply, "\(text)")
            }
        }
        #expect(parsed > Self.cases / 4, "the inputs must reach the parser's success path")
    }
}
