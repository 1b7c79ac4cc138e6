// ControlRecordHarness: the TLS records the control channel carries, decoded directly (issue 16,
// item 9, second priority) — key-method 2 from either side, the NUL-separated text stream
// (streamed in chunks and as one record), control-message dispatch, the OCC options string and
// peer-info, and the PUSH_REPLY a server builds from a client's peer-info and options.
//
// Input: chunk(1) | bytes. `bytes` is read as a key-method 2 message (client's and server's),
// as a plaintext stream fed to ControlTextReader in chunks of 1 + chunk % 64 bytes, and each
// message it yields as OCC options, peer-info and a control message. Invariants: what decodes
// re-encodes to the same value; streaming agrees with whole-record splitting; the server's
// push for any peer-info fits its messages and reads back as the same reply.

import LanValues
import LanWire

/// Key-method 2, control text, OCC and peer-info as the server reads them.
enum ControlRecordHarness {
    static let harness = FuzzHarness(
        name: "control-records",
        summary: "key-method 2, control text messages, OCC options and peer-info decoded from TLS plaintext",
        maxLength: 4096
    ) { run($0) }

    static func run(_ bytes: [UInt8]) {
        var input = FuzzInput(bytes)
        let chunk = 1 + Int(input.byte()) % 64
        let record = input.rest()
        for sender in [KeyMethod2Sender.client, .server] { keyMethod(record, from: sender) }
        for text in texts(record, chunk: chunk).prefix(16) { message(text) }
    }

    /// Decodes a key-method 2 message; one that decodes and re-encodes must decode the same.
    static func keyMethod(_ record: [UInt8], from sender: KeyMethod2Sender) {
        guard let message = try? KeyMethod2Message(decoding: record, from: sender),
            let encoded = try? message.encoded()
        else { return }
        let again = try? KeyMethod2Message(decoding: encoded, from: sender)
        fuzzRequire(
            again == message, "key-method 2 did not survive re-encoding: \(message) vs \(String(describing: again))")
    }

    /// The messages of `record` streamed `chunk` bytes at a time; they must be the terminated
    /// messages of the whole record.
    static func texts(_ record: [UInt8], chunk: Int) -> [String] {
        var reader = ControlTextReader()
        var streamed: [Result<String, WireError>] = []
        var offset = 0
        do {
            while offset < record.count {
                let end = min(record.count, offset + chunk)
                streamed += try reader.append(record[offset..<end])
                offset = end
            }
        } catch {
            return []
        }
        var whole = ControlTextReader.messages(inRecord: record)
        if record.last != 0, !whole.isEmpty { whole.removeLast() }
        fuzzRequire(streamed.map(\.text) == whole.map(\.text), "streamed control text differs from the record's")
        return streamed.compactMap { try? $0.get() }
    }

    /// One control message as each reader of the server and client sees it.
    static func message(_ text: String) {
        let message = ControlMessage(text: text)
        fuzzRequire(ControlMessage(text: message.text) == message, "control message \(message) changed on re-reading")
        _ = OCCOptionsString.cipher(text)
        let peerInfo = PeerInfo(text: text)
        fuzzRequire(PeerInfo(text: peerInfo.text).entries == peerInfo.entries, "peer-info changed on re-reading")
        guard let (push, _) = FuzzLAN.push(peerInfo: peerInfo, options: text) else { return }
        PushReplyHarness.roundTrip(push, mustSend: true)
    }
}

extension Result where Success == String, Failure == WireError {
    /// The message text, or nil for a refused message.
    var text: String? { try? get() }
}
