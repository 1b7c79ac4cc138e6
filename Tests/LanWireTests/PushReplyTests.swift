// Tests of PUSH_REPLY (reference §8.1–8.2): the exact stock 2.6.14 reply parses; our builder
// produces the same options for the same client (without dyn-tls-crypt); continuation splits and
// merges.

import LanValues
import LanWire
import Testing

@Suite struct PushReplyTests {
    /// §8.2: exact stock output for `server 10.8.0.0 255.255.255.0`, `topology subnet`,
    /// `keepalive 2 10`, to a 2.6.14 client.
    static let stock =
        "PUSH_REPLY,route-gateway 10.8.0.1,topology subnet,ping 2,ping-restart 10,ifconfig 10.8.0.2 255.255.255.0,peer-id 0,cipher AES-256-GCM,protocol-flags cc-exit tls-ekm dyn-tls-crypt,tun-mtu 1500"

    func parse(_ text: String) throws -> PushReply {
        guard case .pushReply(let options) = ControlMessage(text: text) else {
            Issue.record("not a PUSH_REPLY")
            return PushReply()
        }
        var assembler = PushReplyAssembler()
        return try #require(try assembler.add(options: options))
    }

    @Test func parsesTheStockReply() throws {
        let reply = try parse(Self.stock)
        #expect(reply.routeGateway == IPv4Address(10, 8, 0, 1))
        #expect(reply.topology == "subnet")
        #expect(reply.ping == 2)
        #expect(reply.pingRestart == 10)
        #expect(
            reply.ifconfig == PushedInterface(address: IPv4Address(10, 8, 0, 2), netmask: IPv4Address(255, 255, 255, 0))
        )
        #expect(reply.peerID == PeerID(0))
        #expect(reply.cipher == "AES-256-GCM")
        #expect(reply.protocolFlags == ["cc-exit", "tls-ekm", "dyn-tls-crypt"])
        #expect(reply.usesTLSEKM)
        #expect(reply.tunMTU == 1500)
        #expect(reply.compression == nil)
        #expect(reply.otherOptions.isEmpty)
        #expect(["PUSH_REPLY"] + reply.options == Self.stock.split(separator: ",").map(String.init))
    }

    func stockInputs(peerInfo: PeerInfo, clientOptions: String = OCCOptionsString.client) -> PushReply {
        PushReply.subnet(
            server: IPv4Address(10, 8, 0, 1),
            client: PushedInterface(address: IPv4Address(10, 8, 0, 2), netmask: IPv4Address(255, 255, 255, 0)),
            ping: 2, pingRestart: 10, peerID: PeerID(0)!,
            cipher: CipherNegotiation.choose(peerInfo: peerInfo), peerInfo: peerInfo, clientOptions: clientOptions)
    }

    @Test func builderMatchesTheStockReplyWithoutDynTLSCrypt() throws {
        let built = stockInputs(peerInfo: PeerInfo(text: KeyMethod2Tests.stockPeerInfo))
        var stock = try parse(Self.stock)
        stock.protocolFlags = ["cc-exit", "tls-ekm"]
        #expect(built == stock)
        let messages = try built.messages()
        #expect(messages.count == 1)
        #expect(Set(try parse(messages[0]).options) == Set(stock.options))
        #expect(!messages[0].contains("dyn-tls-crypt"))
    }

    @Test func builderFollowsTheIVProtoBits() {
        let old = stockInputs(peerInfo: PeerInfo(text: "IV_PROTO=8\nIV_NCP=2\n"))
        #expect(old.peerID == nil)
        #expect(old.protocolFlags == nil)
        #expect(old.keyDerivation == "tls-ekm")
        #expect(old.cipher == "AES-256-GCM")
        #expect(old.tunMTU == nil)
        let bare = stockInputs(peerInfo: PeerInfo(text: ""))
        #expect(bare.cipher == nil && bare.keyDerivation == nil && bare.peerID == nil)
        #expect(bare.options.first == "route-gateway 10.8.0.1")
    }

    @Test func compressionMigration() {
        let lzo =
            "V4,dev-type tun,link-mtu 1542,tun-mtu 1500,proto UDPv4,comp-lzo,auth SHA1,keysize 128,key-method 2,tls-client"
        let stubV2 = stockInputs(peerInfo: PeerInfo(text: KeyMethod2Tests.stockPeerInfo), clientOptions: lzo)
        #expect(stubV2.compression == .stubV2)
        #expect(stubV2.options.last == "compress stub-v2")
        let legacy = stockInputs(peerInfo: PeerInfo(text: "IV_LZO_STUB=1\n"), clientOptions: lzo)
        #expect(legacy.options.last == "comp-lzo no")
        #expect(stockInputs(peerInfo: PeerInfo(text: KeyMethod2Tests.stockPeerInfo)).compression == nil)
    }

    @Test func routesFollowIfconfig() throws {
        var reply = PushReply()
        reply.ifconfig = PushedInterface(address: IPv4Address(10, 8, 0, 2), netmask: IPv4Address(255, 255, 255, 0))
        reply.routes = [
            PushedRoute(try IPv4Prefix.parse("10.9.0.0/16").get()),
            PushedRoute(network: IPv4Address(10, 10, 0, 0), netmask: IPv4Address(255, 255, 0, 0), metric: 5),
        ]
        reply.peerID = PeerID(3)
        #expect(
            reply.options == [
                "ifconfig 10.8.0.2 255.255.255.0", "route 10.9.0.0 255.255.0.0",
                "route 10.10.0.0 255.255.0.0 vpn_gateway 5", "peer-id 3",
            ])
        #expect(try PushReply(options: reply.options) == reply)
    }

    @Test func longRepliesUseContinuation() throws {
        var reply = stockInputs(peerInfo: PeerInfo(text: KeyMethod2Tests.stockPeerInfo))
        reply.routes = (0..<120).map {
            PushedRoute(network: IPv4Address(10, 20, UInt8($0), 0), netmask: IPv4Address(255, 255, 255, 0))
        }
        let messages = try reply.messages()
        #expect(messages.count > 1)
        for message in messages {
            #expect(message.utf8.count < PushReply.maxMessageBytes)
            #expect(message.hasPrefix("PUSH_REPLY,"))
        }
        #expect(messages.dropLast().allSatisfy { $0.hasSuffix(",push-continuation 2") })
        #expect(messages.last?.hasSuffix(",push-continuation 1") == true)
        var assembler = PushReplyAssembler()
        var merged: PushReply?
        for message in messages {
            #expect(merged == nil)
            guard case .pushReply(let options) = ControlMessage(text: message) else { return }
            merged = try assembler.add(options: options)
        }
        #expect(merged == reply)
        #expect(!assembler.isWaiting)
    }

    /// Found by the push-reply fuzzer: a `push-continuation` inside a message was kept as an
    /// unknown option, so the reply, sent on, ended with it and read back as another reply. 2.6
    /// applies each `push-continuation N` as it comes (atoi); the last one says if more follow.
    @Test func continuationMarkersAreNeverOptionsAndTheLastDecides() throws {
        var assembler = PushReplyAssembler()
        let reply = try #require(try assembler.add(options: "ping 10,push-continuation 1km,topology subnet"))
        #expect(reply.otherOptions.isEmpty && reply.ping == 10 && reply.topology == "subnet")
        #expect(try assembler.add(options: "ping 10,push-continuation 2,topology subnet") == nil)
        let merged = try #require(try assembler.add(options: "ping-restart 60,push-continuation 1"))
        #expect(merged.topology == "subnet" && merged.pingRestart == 60 && merged.otherOptions.isEmpty)
    }

    /// A server cannot make a client hold continued options without end: past the bound the reply
    /// is refused and forgotten.
    @Test func aContinuedReplyIsBounded() throws {
        var assembler = PushReplyAssembler()
        let part = "setenv-safe X \(String(repeating: "x", count: 900)),push-continuation 2"
        #expect(throws: WireError.self) {
            for _ in 0..<1000 { _ = try assembler.add(options: part) }
        }
        let waiting = assembler.isWaiting
        #expect(!waiting)
    }

    @Test func refusesBadOptions() {
        var reply = PushReply()
        reply.otherOptions = ["dhcp-option DOMAIN a,b"]
        #expect(throws: WireError.self) { try reply.messages() }
        reply.otherOptions = ["setenv X a\nb"]
        #expect(throws: WireError.self) { try reply.messages() }
        reply.otherOptions = [String(repeating: "x", count: 1100)]
        #expect(throws: WireError.self) { try reply.messages() }
        for bad in ["ping x", "ifconfig 10.8.0.2", "peer-id 16777216", "compress lz4", "comp-lzo yes", "route nowhere"]
        {
            #expect(throws: WireError.self, "\(bad)") { try PushReply(options: [bad]) }
        }
    }
}
