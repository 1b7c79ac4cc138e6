// Tests of control-channel text (reference §8): NUL splitting across records, printable-only
// messages, and classification by prefix.

import LanWire
import Testing

@Suite struct ControlMessageTests {
    @Test func classifiesByPrefix() {
        let cases: [(String, ControlMessage)] = [
            ("PUSH_REQUEST", .pushRequest),
            ("PUSH_REPLY", .pushReply(options: "")),
            ("PUSH_REPLY,ping 10,ping-restart 60", .pushReply(options: "ping 10,ping-restart 60")),
            ("AUTH_FAILED", .authFailed(reason: nil)),
            ("AUTH_FAILED,TEMP[backoff 5]:try later", .authFailed(reason: "TEMP[backoff 5]:try later")),
            ("RESTART", .restart(message: nil)),
            ("RESTART,[N]", .restart(message: "[N]")),
            ("HALT,bye", .halt(message: "bye")),
            ("EXIT", .exit),
            ("INFO_PRE,WEB_AUTH::x", .infoPre("WEB_AUTH::x")),
            ("INFO,hello", .info("hello")),
            ("CR_RESPONSE,abc", .crResponse("abc")),
            ("AUTH_PENDING,timeout 30", .authPending("timeout 30")),
            ("NONSENSE", .unknown("NONSENSE")),
        ]
        for (text, expected) in cases {
            #expect(ControlMessage(text: text) == expected, "\(text)")
            #expect(ControlMessage(text: text).text == text)
        }
        #expect(ControlMessage.exit.encoded == Array("EXIT".utf8) + [0])
    }

    @Test func readerSplitsAtNULAcrossRecords() throws {
        var reader = ControlTextReader()
        let stream = ControlMessage.pushRequest.encoded + Array("EXIT\r\n\0".utf8) + ControlMessage.exit.encoded
        var texts: [String] = []
        for byte in stream {
            texts += try reader.append([byte]).map { try $0.get() }
        }
        #expect(texts == ["PUSH_REQUEST", "EXIT", "EXIT"])
    }

    @Test func refusesNonPrintableMessagesButKeepsGoing() throws {
        var reader = ControlTextReader()
        let results = try reader.append(Array("BAD\u{1}X\0EXIT\0".utf8))
        #expect(results.count == 2)
        #expect((try? results[0].get()) == nil)
        #expect(try results[1].get() == "EXIT")
    }

    @Test func unterminatedFloodIsFatal() throws {
        var reader = ControlTextReader(maxMessageLength: 8)
        #expect(throws: WireError.self) { try reader.append([UInt8](repeating: 0x41, count: 9)) }
        #expect(throws: WireError.self) { try reader.append([0]) }
    }

    @Test func recordSplitter() {
        let results = ControlTextReader.messages(inRecord: Array("A\0B\0C".utf8))
        #expect(results.count == 3)
        #expect((try? results[0].get()) == "A")
        #expect((try? results[1].get()) == "B")
        #expect((try? results[2].get()) == nil)
    }
}
