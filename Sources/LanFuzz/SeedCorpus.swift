// SeedCorpus: the generated part of the committed seed corpus (Fuzz/corpus/NAME), built from
// real packets — the reference's lab capture (Appendix A, its client's session id and
// plaintexts, and its wire packets under their own key), a real client's handshake against
// the server, what the server and the planner really write — so every harness starts from
// inputs that reach deep. `lanstitch-fuzz --write-seeds DIR` writes them; text seeds copied
// from the repository (inventories, profiles) are committed beside them by hand.

import LanProtocol
import LanValues
import LanWire

/// Seed inputs by harness name.
public enum SeedCorpus {
    /// Every generated seed: harness name → (file name, bytes).
    public static func all() -> [String: [(name: String, bytes: [UInt8])]] {
        [
            "server-control": serverControl(),
            "server-handshake": serverHandshake(),
            "control-records": controlRecords(),
            "ipv4-edit": SeedPackets.ipv4(),
            "live-routes": SeedPackets.liveRoutes(),
            "push-reply": pushReply(),
            "tcp-framing": tcpFraming(),
            "control-parsers": SeedPackets.controlParsers(),
        ]
    }

    /// The lab capture's client packets (A.2): the hard reset and the ACK of the server's reset,
    /// under the lab's own tls-crypt key (so the front door refuses them, raw).
    static let labHardReset = hex(
        "38fc2725f11890b887000000016b025963861365d88885f5205aa727319a7e31f2bee0b150f1c9a8ace6fb0d5272bc3afb1fb8f8373b")
    static let labAck = hex(
        "28fc2725f11890b887000000036b025963189b57d831b8c9089bf440afcbf44015c7ac474f925cf9c1ac2aefc6ba19733e6e315373bce98c049259a6340af130afdb"
    )

    /// `bytes` wrapped as the harness wraps them (replay id `id`): raw wire under the LAN's key.
    static func wire(_ bytes: [UInt8], id: UInt32 = 1) -> [UInt8] {
        var wrapper = FuzzClientWrapper(lan: .shared)
        for _ in 1..<id { _ = wrapper.wrap([]) }
        return wrapper.wrap(bytes)
    }

    /// A step of ServerControlHarness: flags, then the bytes as a record.
    static func step(_ flags: UInt8, _ bytes: [UInt8]) -> [UInt8] { [flags] + record(bytes) }

    /// A big-endian u16 length and the bytes.
    static func record(_ bytes: [UInt8]) -> [UInt8] {
        [UInt8(truncatingIfNeeded: bytes.count >> 8), UInt8(truncatingIfNeeded: bytes.count)] + bytes
    }

    static func serverControl() -> [(name: String, bytes: [UInt8])] {
        let reset = hex("38fc2725f11890b887" + "0000000000")
        let ack = hex("28fc2725f11890b887" + "01" + "00000000" + "18d1ab057f3b0907")
        let handshake = clientHandshake()
        return [
            ("lab-hard-reset", step(0, reset)),
            ("lab-hard-reset-then-ack", step(0, reset) + step(1, ack)),
            ("lab-wire-raw-other-key", step(0x10, labHardReset) + step(0x11, labAck)),
            ("wire-raw", step(0x10, wire(reset)) + step(0x11, wire(ack, id: 2))),
            ("hard-reset-replayed", step(0, reset) + step(0x20, reset) + step(0x4F, ack)),
            ("client-handshake", handshake.flatMap { step(0, $0) }),
            ("client-handshake-reordered", handshake.reversed().flatMap { step(2, $0) }),
        ]
    }

    /// A real client's packets to the server through a whole handshake, unwrapped (op, sid,
    /// plaintext part): the hard reset, ACKs, the ClientHello and the rest of the client's flight.
    static func clientHandshake() -> [[UInt8]] {
        let lan = FuzzLAN.shared
        let server = FuzzServer(lan: lan)
        guard
            let client = try? ControlSession.client(
                configuration: lan.client, localSessionID: FuzzLAN.clientSessionID, now: server.now)
        else { return [] }
        var sent: [[UInt8]] = []
        for _ in 0..<64 {
            for packet in client.poll(now: server.now) {
                if let (decoded, _) = try? TLSCryptFraming.authenticate(packet, with: lan.frontDoor) {
                    sent.append(decoded.encoded())
                }
                server.deliver(packet)
            }
            for packet in server.takeSent() { try? client.receive(packet, now: server.now) }
            if client.takeEvents().contains(where: { if case .configured = $0 { true } else { false } }) { break }
            server.advance(by: .milliseconds(10))
        }
        return sent
    }

    static func serverHandshake() -> [(name: String, bytes: [UInt8])] {
        let strings = record(Array(OCCOptionsString.client.utf8)) + record(Array(FuzzLAN.peerInfo.utf8))
        let lzo = OCCOptionsString.client.replacingOccurrences(of: ",tls-client", with: ",comp-lzo,tls-client")
        let stub = FuzzLAN.peerInfo + "IV_COMP_STUBv2=1\nIV_MTU=1600\nIV_GUI_VER=lanstitch_0.1\n"
        func texts(_ messages: [(UInt8, String)]) -> [UInt8] {
            messages.flatMap { [$0.0] + record(Array($0.1.utf8)) }
        }
        return [
            ("stock-client", strings),
            ("push-request-info-exit", strings + texts([(0, "PUSH_REQUEST"), (0, "INFO,hello"), (0x10, "EXIT")])),
            ("renegotiate", strings + texts([(1, "PUSH_REQUEST"), (0x31, "")])),
            ("comp-lzo-stub-v2", record(Array(lzo.utf8)) + record(Array(stub.utf8)) + texts([(0, "CR_RESPONSE,x")])),
            ("no-common-cipher", record(Array(OCCOptionsString.client.utf8)) + record(Array("IV_NCP=1\n".utf8))),
        ]
    }

    static func controlRecords() -> [(name: String, bytes: [UInt8])] {
        let random = [UInt8](repeating: 0x5A, count: 32)
        let client = KeyMethod2Message(
            preMaster: [UInt8](repeating: 0xA5, count: 48), random1: random, random2: random,
            options: OCCOptionsString.client, peerInfo: FuzzLAN.peerInfo)
        let server = KeyMethod2Message(
            preMaster: nil, random1: random, random2: random, options: OCCOptionsString.server)
        let texts = ["PUSH_REQUEST", "AUTH_FAILED,no", "INFO_PRE,x", "RESTART,bye", "EXIT", "PUSH_REPLY,ping 10"]
        return [
            ("key-method-client", [7] + ((try? client.encoded()) ?? [])),
            ("key-method-server", [0] + ((try? server.encoded()) ?? [])),
            ("control-texts", [3] + texts.flatMap { Array($0.utf8) + [0] }),
            ("peer-info", [200] + Array((FuzzLAN.peerInfo + "IV_MTU=1600\nIV_LZO_STUB=1\n").utf8) + [0]),
            ("occ-comp-lzo", [1] + Array("V4,dev-type tun,comp-lzo,cipher AES-256-CBC\r\n".utf8) + [0]),
        ]
    }

    static func pushReply() -> [(name: String, bytes: [UInt8])] {
        let peerInfo = PeerInfo(text: FuzzLAN.peerInfo + "IV_MTU=1600\n")
        guard let (push, _) = FuzzLAN.push(peerInfo: peerInfo, options: OCCOptionsString.client) else { return [] }
        var routed = push
        for index in 0..<40 {
            let prefix = IPv4Prefix(IPv4Address(192, 168, UInt8(index), 0), length: 24)
            routed.routes.append(
                PushedRoute(network: prefix.network, netmask: IPv4Address(255, 255, 255, 0), metric: index))
        }
        func wire(_ reply: PushReply, maxBytes: Int = PushReply.maxMessageBytes) -> [UInt8] {
            ((try? reply.messages(maxBytes: maxBytes)) ?? []).flatMap { Array("\($0)".utf8) + [0] }
        }
        return [
            ("stock-push", wire(push)),
            ("continued-push", wire(routed)),
            ("small-continuations", wire(push, maxBytes: 96)),
            (
                "comp-and-others",
                Array(
                    "PUSH_REPLY,comp-lzo no,dhcp-option DNS 10.0.0.1,route 10.1.0.0 255.255.0.0 vpn_gateway 5,key-derivation tls-ekm"
                        .utf8) + [0]
            ),
        ]
    }

    static func tcpFraming() -> [(name: String, bytes: [UInt8])] {
        var stream: [UInt8] = []
        for packet in [labHardReset, labAck, [0x48, 0, 0, 1]] { try? TCPFrameEncoder.append(packet, to: &stream) }
        return [
            ("lab-packets", [8, 1, 7, 2, 66, 0, 3, 200, 1] + stream),
            ("byte-by-byte", [31] + [UInt8](repeating: 1, count: 31) + stream),
            ("zero-length", [2, 5, 5] + stream.prefix(56) + [0, 0]),
        ]
    }

    /// Bytes from hexadecimal text (pairs of digits; anything else is skipped).
    static func hex(_ text: String) -> [UInt8] {
        let digits = text.compactMap(\.hexDigitValue)
        return stride(from: 0, to: digits.count - 1, by: 2).map { UInt8(digits[$0] << 4 | digits[$0 + 1]) }
    }
}
