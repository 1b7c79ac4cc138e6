// Link probes: the packet is a valid ICMP echo of the server's own address and is recognised
// only when it is exactly that; the bookkeeping gives the last round trip and the loss over the
// window, ignoring late, duplicate and unknown replies.

import LanForwarding
import LanValues
import Testing

@testable import LanDataPlane

@Suite struct LinkProbeTests {
    let address = IPv4Address(10, 249, 0, 1)

    @Test func theProbeIsAValidEchoRequestRecognisedOnlyForItsOwnAddress() throws {
        var bytes = [UInt8](repeating: 0xFF, count: ProbePacket.length)
        try bytes.withUnsafeMutableBytes { buffer in
            ProbePacket.build(from: address, sequence: 0x1234, into: buffer)
            let packet = try IPv4Packet(buffer)
            #expect(packet.source == address && packet.destination == address && packet.proto == 1)
            #expect(IPv4Packet.checksum(UnsafeRawBufferPointer(rebasing: buffer[20...])) == 0)
            #expect(ProbePacket.returnedSequence(buffer, of: address) == 0x1234)
            // The peer decremented the TTL on the way back: still recognised.
            _ = packet.decrementTTL()
            #expect(ProbePacket.returnedSequence(buffer, of: address) == 0x1234)
            #expect(ProbePacket.returnedSequence(buffer, of: IPv4Address(10, 251, 0, 1)) == nil)
        }
        for (index, value) in [(20, UInt8(0)), (25, 0x54), (9, 6), (15, 2)] {
            var changed = bytes
            changed[index] = value
            changed.withUnsafeMutableBytes { #expect(ProbePacket.returnedSequence($0, of: address) == nil) }
        }
        var longer = bytes + [0]
        longer.withUnsafeMutableBytes { #expect(ProbePacket.returnedSequence($0, of: address) == nil) }
    }

    @Test func roundTripAndLossOverTheWindow() {
        var probe = LinkProbe()
        #expect(probe.loss(at: .zero) == nil && probe.rtt == nil)
        probe.send(1, at: .seconds(0))
        probe.send(2, at: .seconds(2))
        let first = probe.receive(1, at: .milliseconds(3))
        #expect(first && probe.rtt == .milliseconds(3))
        let duplicate = probe.receive(1, at: .milliseconds(4))
        #expect(!duplicate, "a duplicate reply counts once")
        let unknown = probe.receive(9, at: .milliseconds(4))
        #expect(!unknown, "a sequence never sent is ignored")
        #expect(probe.loss(at: .seconds(3)) == 0, "probe 2 is still within its timeout")
        #expect(probe.loss(at: .seconds(8)) == 0.5)
        let late = probe.receive(2, at: .seconds(8))
        #expect(!late, "a reply after the timeout is late")
        for sequence in UInt16(3)...30 { probe.send(sequence, at: .seconds(10)) }
        #expect(probe.records.count == LinkProbe.window)
        #expect(probe.sent == 30 && probe.answered == 1)
    }
}
