// The stateless start's cookie and packets: a cookie is bound to the client's address, port,
// session id and time slot; it verifies in its slot and the next only; forged and stale ones
// are refused; the reply is no longer than the shortest authentic reset and is what a client
// session accepts; only a packet shaped as the client's answer claims a cookie.

import LanCrypto
import LanProtocol
import LanTestKit
import LanValues
import LanWire
import Testing

@Suite struct ResetCookieTests {
    let secret = [UInt8](repeating: 0x5A, count: ResetCookie.secretLength)
    let endpoint = IPv4Endpoint(address: IPv4Address(192, 0, 2, 7), port: 40_000)
    let client = SessionID(0x0123_4567_89AB_CDEF)

    func at(_ seconds: Int64) -> Timestamp { Timestamp(milliseconds: seconds * 1000) }

    @Test func theCookieIsBoundToAddressPortSessionIDAndSlot() throws {
        let cookie = try ResetCookie(secret: secret)
        let base = cookie.sessionID(for: endpoint, client: client, slot: 7)
        let otherAddress = IPv4Endpoint(address: IPv4Address(192, 0, 2, 8), port: endpoint.port)
        let otherPort = IPv4Endpoint(address: endpoint.address, port: endpoint.port + 1)
        #expect(base == cookie.sessionID(for: endpoint, client: client, slot: 7))
        #expect(base != cookie.sessionID(for: otherAddress, client: client, slot: 7))
        #expect(base != cookie.sessionID(for: otherPort, client: client, slot: 7))
        #expect(base != cookie.sessionID(for: endpoint, client: SessionID(client.value ^ 1), slot: 7))
        #expect(base != cookie.sessionID(for: endpoint, client: client, slot: 8))
        // Another process (another secret) makes other cookies.
        let other = try ResetCookie(secret: [UInt8](repeating: 0xA5, count: ResetCookie.secretLength))
        #expect(base != other.sessionID(for: endpoint, client: client, slot: 7))
        #expect(base.value != 0)
    }

    @Test func aCookieVerifiesInItsSlotAndTheNextOnly() throws {
        let cookie = try ResetCookie(secret: secret, slotLength: .seconds(30))
        let issued = cookie.sessionID(for: endpoint, client: client, now: at(65))  // slot 2: 60…89 s
        #expect(cookie.slot(at: at(65)) == 2)
        #expect(cookie.verifies(issued, for: endpoint, client: client, now: at(65)))
        #expect(cookie.verifies(issued, for: endpoint, client: client, now: at(89)))
        #expect(cookie.verifies(issued, for: endpoint, client: client, now: at(90)), "rolled over: previous slot")
        #expect(cookie.verifies(issued, for: endpoint, client: client, now: at(119)))
        #expect(!cookie.verifies(issued, for: endpoint, client: client, now: at(120)), "stale after two slots")
        #expect(!cookie.verifies(issued, for: endpoint, client: client, now: at(59)), "not before its slot")
    }

    @Test func forgedCookiesAndOtherSourcesAreRefused() throws {
        let cookie = try ResetCookie(secret: secret)
        let issued = cookie.sessionID(for: endpoint, client: client, now: at(10))
        var generator = SeededGenerator(seed: 16)
        for _ in 0..<1000 {
            #expect(!cookie.verifies(.random(using: &generator), for: endpoint, client: client, now: at(10)))
        }
        #expect(!cookie.verifies(SessionID(0), for: endpoint, client: client, now: at(10)))
        let elsewhere = IPv4Endpoint(address: IPv4Address(203, 0, 113, 9), port: endpoint.port)
        #expect(!cookie.verifies(issued, for: elsewhere, client: client, now: at(10)))
        #expect(!cookie.verifies(issued, for: endpoint, client: SessionID(42), now: at(10)))
    }

    @Test func theReplyIsNoLongerThanTheShortestResetAndAClientTakesIt() throws {
        let key = try StaticKey.generate()
        let server = try TLSCrypt(staticKey: key, role: .server)
        let reset = try ControlPacket(
            opcodeByte: OpcodeByte(.controlHardResetClientV2, .initial), sessionID: client, messageID: MessageID(0))
        let request = try TLSCryptFraming.seal(
            reset, replayID: PacketID(id: 1, time: 1_795_000_000), with: TLSCrypt(staticKey: key, role: .client))
        #expect(request.count == 54, "a 2.6 client's reset (reference §0 row 1)")
        let reply = try StatelessReset.reply(
            cookie: SessionID(99), replayID: StatelessReset.replayID(at: at(5), time: 1_795_000_000), crypt: server)
        #expect(reply.count == request.count)
        let (packet, replayID) = try TLSCryptFraming.authenticate(reply, with: TLSCrypt(staticKey: key, role: .client))
        #expect(packet.opcodeByte == OpcodeByte(.controlHardResetServerV2, .initial))
        #expect(packet.sessionID == SessionID(99) && packet.acks.isEmpty && packet.messageID == MessageID(0))
        #expect(replayID == PacketID(id: 6, time: 1_795_000_000))
        // A reply sent again later is no replay; a session restored later sends above both.
        #expect(StatelessReset.replayID(at: at(9), time: 0).id > StatelessReset.replayID(at: at(5), time: 0).id)
        #expect(StatelessReset.firstSessionReplayID(at: at(9)) > StatelessReset.replayID(at: at(9), time: 0).id)
    }

    @Test func onlyTheClientsAnswerClaimsACookie() throws {
        let cookie = SessionID(77)
        func packet(_ opcode: Opcode, acks: [UInt32] = [0], messageID: UInt32?, key: UInt8 = 0) throws -> ControlPacket
        {
            try ControlPacket(
                opcodeByte: OpcodeByte(opcode, KeyID(key)!), sessionID: client, acks: acks.map(MessageID.init),
                remoteSessionID: acks.isEmpty ? nil : cookie, messageID: messageID.map(MessageID.init))
        }
        #expect(StatelessReset.claimedCookie(try packet(.ackV1, messageID: nil)) == cookie)
        #expect(StatelessReset.claimedCookie(try packet(.controlV1, messageID: 1)) == cookie)
        #expect(StatelessReset.claimedCookie(try packet(.controlHardResetClientV2, messageID: 0)) == cookie)
        #expect(StatelessReset.claimedCookie(try packet(.controlV1, messageID: 2)) == nil)
        #expect(StatelessReset.claimedCookie(try packet(.ackV1, acks: [1], messageID: nil)) == nil)
        #expect(StatelessReset.claimedCookie(try packet(.ackV1, acks: [], messageID: nil)) == nil)
        #expect(StatelessReset.claimedCookie(try packet(.controlV1, messageID: 1, key: 1)) == nil)
        #expect(StatelessReset.claimedCookie(try packet(.controlSoftResetV1, messageID: 0)) == nil)
    }
}
