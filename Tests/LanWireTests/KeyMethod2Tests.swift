// Tests of key method 2 (reference §6.1), peer-info (§6.2), NCP and the OCC strings (§6.3).

import LanWire
import Testing

@Suite struct KeyMethod2Tests {
    let random1 = [UInt8](repeating: 0x11, count: 32)
    let random2 = [UInt8](repeating: 0x22, count: 32)
    let preMaster = [UInt8](repeating: 0x33, count: 48)

    /// The peer-info a stock Debian 2.6.14 client sends (§6.2).
    static let stockPeerInfo = """
        IV_VER=2.6.14
        IV_PLAT=linux
        IV_TCPNL=1
        IV_MTU=1600
        IV_NCP=2
        IV_CIPHERS=AES-256-GCM:AES-128-GCM:CHACHA20-POLY1305
        IV_PROTO=990
        IV_LZO_STUB=1
        IV_COMP_STUB=1
        IV_COMP_STUBv2=1

        """

    @Test func serverLayout() throws {
        let message = KeyMethod2Message(preMaster: nil, random1: random1, random2: random2, options: "V4,x")
        let expected = hex(
            """
            00000000                                                            # literal zero
            02                                                                  # key method 2
            1111111111111111111111111111111111111111111111111111111111111111    # random1
            2222222222222222222222222222222222222222222222222222222222222222    # random2
            0005 56342c7800                                                     # options "V4,x" + NUL
            0000                                                                # username: empty
            0000                                                                # password: empty
            0000                                                                # peer-info: empty
            """)
        #expect(try message.encoded() == expected)
        #expect(try KeyMethod2Message(decoding: expected, from: .server) == message)
    }

    @Test func stockServerRecordHas178Bytes() throws {
        // §0: 4+1+32+32 + (2+101) + 2+2+2 = 178, which matched the captured record size.
        let message = KeyMethod2Message(
            preMaster: nil, random1: random1, random2: random2, options: OCCOptionsString.server)
        #expect(try message.encoded().count == 178)
    }

    @Test func clientLayout() throws {
        let message = KeyMethod2Message(
            preMaster: preMaster, random1: random1, random2: random2, options: "V4", username: "u",
            password: "", peerInfo: "IV_PROTO=2\n")
        let expected = hex(
            """
            00000000                            # literal zero
            02                                  # key method 2
            \(hexString(preMaster))             # pre_master (client only)
            \(hexString(random1))               # random1
            \(hexString(random2))               # random2
            0003 563400                         # options "V4" + NUL
            0002 7500                           # username "u" + NUL
            0000                                # password: empty
            000c 49565f50524f544f3d320a00       # peer-info "IV_PROTO=2\\n" + NUL
            """)
        #expect(try message.encoded() == expected)
        let decoded = try KeyMethod2Message(decoding: expected, from: .client)
        #expect(decoded == message)
        #expect(decoded.sender == .client)
    }

    @Test func toleratesMissingTrailingStringsAndNULPadding() throws {
        // openvpn3 as a server stops after the options string; `00 01 00` is an empty string too.
        let short = hex("00000000 02") + random1 + random2 + hex("0003 563400")
        let decoded = try KeyMethod2Message(decoding: short, from: .server)
        #expect(decoded.options == "V4" && decoded.username.isEmpty && decoded.peerInfo.isEmpty)
        let padded = short + hex("000100 000100")
        #expect(try KeyMethod2Message(decoding: padded, from: .server).password.isEmpty)
    }

    @Test func enforcesLimits() throws {
        let body = hex("00000000 02") + random1 + random2
        // options of 513 bytes with NUL
        let long = body + hex("0201") + [UInt8](repeating: 0x41, count: 512) + [0]
        #expect(throws: WireError.self) { try KeyMethod2Message(decoding: long, from: .server) }
        let longUser = body + hex("0002 4100 0081") + [UInt8](repeating: 0x41, count: 128) + [0]
        #expect(throws: WireError.self) { try KeyMethod2Message(decoding: longUser, from: .server) }
        #expect(throws: WireError.self) { try KeyMethod2Message(decoding: hex("00000000 01"), from: .server) }
        #expect(throws: WireError.self) { try KeyMethod2Message(decoding: body, from: .client) }
        let tooLongPassword = KeyMethod2Message(
            preMaster: nil, random1: random1, random2: random2, options: "V4",
            password: String(repeating: "p", count: 128))
        #expect(throws: WireError.self) { try tooLongPassword.encoded() }
        let hugePeerInfo = KeyMethod2Message(
            preMaster: preMaster, random1: random1, random2: random2, options: "V4",
            peerInfo: String(repeating: "IV_X=1\n", count: 300))
        #expect(throws: WireError.self) { try hugePeerInfo.encoded() }
        let shortRandom = KeyMethod2Message(preMaster: nil, random1: [1], random2: random2, options: "V4")
        #expect(throws: WireError.self) { try shortRandom.encoded() }
    }

    @Test func stockPeerInfo() {
        let info = PeerInfo(text: Self.stockPeerInfo)
        #expect(info.entries.count == 10)
        #expect(info.rejectedLines.isEmpty)
        #expect(info.version == "2.6.14")
        #expect(info.proto.rawValue == 990)
        #expect(info.proto == .openVPN26Client)
        #expect(info.proto.contains([.dataV2, .requestPush, .tlsKeyExport, .ccExitNotify, .dynTLSCrypt]))
        #expect(!info.proto.contains(.ncpP2P))
        #expect(info.ciphers == ["AES-256-GCM", "AES-128-GCM", "CHACHA20-POLY1305"])
        #expect(info.mtu == 1600)
        #expect(info.supportsCompressStubV2)
        #expect(PeerInfo(text: info.text) == info)
    }

    @Test func lanstitchClientPeerInfo() {
        let info = PeerInfo.lanstitchClient()
        #expect(
            info.text
                == "IV_VER=2.6.14\nIV_PLAT=linux\nIV_PROTO=142\nIV_NCP=2\n"
                + "IV_CIPHERS=AES-256-GCM:AES-128-GCM:CHACHA20-POLY1305\nIV_TCPNL=1\nIV_GUI_VER=lanstitch_0.1\n")
        #expect(info.isLanstitch)
        #expect(!PeerInfo(entries: [.init(name: "IV_GUI_VER", value: "OCmacOS 3.4")]).isLanstitch)
        #expect(!info.proto.contains(.dynTLSCrypt))
        #expect(info.mtu == nil && !info.supportsCompressStubV2)
        #expect(
            PeerInfo(entries: [.init(name: "BAD", value: "x"), .init(name: "IV_A", value: "a b")]).text == "IV_A=a_b\n")
    }

    @Test func peerInfoLineRules() {
        let info = PeerInfo(
            text:
                "IV_GUI_VER=a b$c(d`e\u{7}\nUV_X=1\nFOO=1\nIV-BAD=2\nIV_OK\r\nIV_LONG=\(String(repeating: "x", count: 300))\n"
        )
        #expect(info["IV_GUI_VER"] == "a_b_c_d_e_")
        #expect(info["UV_X"] == "1")
        #expect(info.rejectedLines == ["FOO=1", "IV-BAD=2", "IV_OK"])
        #expect(info["IV_LONG"]?.count == 255 - "IV_LONG=".count)
    }

    @Test func ncpChoosesTheServersFirstCommonCipher() {
        let stock = PeerInfo(text: Self.stockPeerInfo)
        #expect(CipherNegotiation.choose(peerInfo: stock) == "AES-256-GCM")
        #expect(
            CipherNegotiation.choose(serverCiphers: ["CHACHA20-POLY1305", "AES-256-GCM"], peerInfo: stock)
                == "CHACHA20-POLY1305")
        let onlyNCP = PeerInfo(text: "IV_NCP=2\n")
        #expect(
            CipherNegotiation.choose(serverCiphers: ["CHACHA20-POLY1305", "AES-128-GCM"], peerInfo: onlyNCP)
                == "AES-128-GCM")
        #expect(CipherNegotiation.choose(peerInfo: PeerInfo(text: "IV_NCP=1\n")) == nil)
        #expect(CipherNegotiation.choose(peerInfo: PeerInfo(text: "IV_CIPHERS=aes-128-gcm\n")) == "AES-128-GCM")
        #expect(CipherNegotiation.choose(peerInfo: PeerInfo(text: "IV_CIPHERS=BF-CBC\nIV_NCP=2\n")) == nil)
    }

    @Test func occStrings() {
        #expect(OCCOptionsString.server.utf8.count == 100)
        #expect(OCCOptionsString.client.hasSuffix(",tls-client"))
        #expect(!OCCOptionsString.usesCompLZO(OCCOptionsString.client))
        #expect(OCCOptionsString.usesCompLZO("V4,dev-type tun,link-mtu 1542,comp-lzo,key-method 2,tls-client"))
        #expect(OCCOptionsString.cipher("V4,cipher AES-256-CBC,auth SHA1") == "AES-256-CBC")
        #expect(OCCOptionsString.cipher(OCCOptionsString.server) == nil)
    }
}
