// PushReplyHarness: PUSH_REPLY parsing on the client side (issue 16, item 9, fifth priority) —
// `lanstitch up` and a dialling server read what a server pushes: the TLS plaintext is split
// into messages, each PUSH_REPLY goes through the continuation assembler, and the merged
// options become a PushReply. Invariant: a reply that parses and can be sent again (its options
// printable, each fitting a message) reads back as the same reply.
//
// Input: TLS plaintext, NUL-separated messages (as a server writes them).

import LanWire

/// PushReplyAssembler and PushReply(options:) on fuzzed server text.
enum PushReplyHarness {
    static let harness = FuzzHarness(
        name: "push-reply",
        summary: "PUSH_REPLY messages with continuations, merged and parsed as a client does",
        maxLength: 4096
    ) { run($0) }

    static func run(_ bytes: [UInt8]) {
        var assembler = PushReplyAssembler()
        for case .success(let text) in ControlTextReader.messages(inRecord: bytes) {
            guard case .pushReply(let options) = ControlMessage(text: text) else { continue }
            guard let reply = try? assembler.add(options: options) else { continue }
            roundTrip(reply)
        }
    }

    /// A reply sent as a server sends it must read back the same, each message within 1024
    /// bytes. With `mustSend`, the reply must be sendable (the server built it); else one that
    /// cannot be sent (parsed options too long or not printable) is skipped.
    static func roundTrip(_ reply: PushReply, mustSend: Bool = false) {
        let messages: [String]
        do {
            messages = try reply.messages()
        } catch {
            return fuzzRequire(!mustSend, "the server cannot send its own push \(reply): \(error)")
        }
        var assembler = PushReplyAssembler()
        var read: PushReply?
        for message in messages {
            fuzzRequire(message.utf8.count < PushReply.maxMessageBytes, "a push message is over 1024 bytes")
            guard case .pushReply(let options) = ControlMessage(text: message) else {
                return fuzzRequire(false, "a push message does not read as PUSH_REPLY: \(message)")
            }
            do {
                read = try assembler.add(options: options)
            } catch {
                return fuzzRequire(false, "the push \(reply) does not parse again: \(error)")
            }
        }
        fuzzRequire(read == reply, "push \(reply) reads back as \(String(describing: read))")
    }
}
