// The fakes honour the seams' contracts: ChannelTun (in-memory TUN) and LinkPair (two
// cross-wired in-memory UDP links).

import Glibc
import LanHost
import LanTestKit
import LanValues
import Testing

@testable import LanLinux

@Suite struct ChannelTunTests {
    @Test func readsInjectedPacketsInOrderUpToTheBatchCapacity() throws {
        let tun = ChannelTun(name: "chan7")
        for value in UInt8(1)...3 { tun.inject([0x45, value]) }
        let batch = PacketBatch(capacity: 2, packetCapacity: 64, headroom: 32)
        #expect(try tun.readPackets(into: batch) == 2)
        #expect(batch.packet(at: 0) == [0x45, 1] && batch.packet(at: 1) == [0x45, 2])
        #expect(batch.offset(at: 0) == 32)
        #expect(try tun.readPackets(into: batch) == 1)
        #expect(batch.packet(at: 0) == [0x45, 3])
        #expect(try tun.readPackets(into: batch) == 0)
        #expect(batch.count == 0)
    }

    @Test func recordsWrittenPacketsAndHonoursAWriteLimit() throws {
        let tun = ChannelTun()
        let batch = PacketBatch(capacity: 4)
        for value in UInt8(1)...3 { batch.append([value]) }
        batch.prepend(1, at: 0)[0] = 0xFF
        tun.setWriteLimit(2)
        #expect(try tun.writePackets(batch) == 2)
        #expect(tun.takeWritten() == [[0xFF, 1], [2]])
        #expect(try tun.writePackets(batch, from: 2) == 1, "the caller resumes where the device stopped")
        #expect(tun.takeWritten() == [[3]])
        tun.setWriteLimit(nil)
        #expect(try tun.writePackets(batch) == 3)
        #expect(tun.takeWritten().count == 3)
        #expect(tun.takeWritten().isEmpty)
    }

    @Test func cutsPacketsLongerThanTheSlot() throws {
        let tun = ChannelTun()
        tun.inject([UInt8](repeating: 7, count: 100))
        let batch = PacketBatch(capacity: 1, packetCapacity: 40, headroom: 0)
        #expect(try tun.readPackets(into: batch) == 1)
        #expect(batch.length(at: 0) == 40)
    }

    @Test func throwsBadDescriptorAfterClose() {
        let tun = ChannelTun()
        tun.inject([1])
        tun.close()
        tun.close()
        let batch = PacketBatch(capacity: 1)
        #expect(throws: SystemError(call: "read", code: EBADF)) { try tun.readPackets(into: batch) }
        #expect(throws: SystemError(call: "write", code: EBADF)) { try tun.writePackets(batch) }
    }
}

@Suite struct LinkPairTests {
    let leftEndpoint = IPv4Endpoint(address: IPv4Address(198, 51, 100, 1), port: 1194)
    let rightEndpoint = IPv4Endpoint(address: IPv4Address(198, 51, 100, 2), port: 40000)

    @Test func deliversToThePeerWithTheSenderAsSourceAndEchoesBack() throws {
        let pair = LinkPair(leftEndpoint: leftEndpoint, rightEndpoint: rightEndpoint)
        let outbound = PacketBatch(capacity: 8)
        for value in UInt8(1)...3 { outbound.append([value, value], endpoint: rightEndpoint) }
        outbound.append([9], endpoint: IPv4Endpoint(address: IPv4Address(203, 0, 113, 9), port: 1))
        #expect(try pair.left.send(outbound) == 4)
        #expect(pair.left.lostCount == 1)
        #expect(pair.right.pendingCount == 3)

        let inbound = PacketBatch(capacity: 8)
        #expect(try pair.right.receive(into: inbound) == 3)
        #expect((0..<3).map { inbound.packet(at: $0) } == [[1, 1], [2, 2], [3, 3]])
        #expect((0..<3).allSatisfy { inbound.endpoint(at: $0) == leftEndpoint })

        #expect(try pair.right.send(inbound, from: 1) == 2)
        #expect(try pair.left.receive(into: inbound) == 2)
        #expect(inbound.endpoint(at: 1) == rightEndpoint && inbound.packet(at: 1) == [3, 3])
    }

    @Test func aDatagramTooLongForTheSlotArrivesEmpty() throws {
        let pair = LinkPair(leftEndpoint: leftEndpoint, rightEndpoint: rightEndpoint)
        let outbound = PacketBatch(capacity: 1)
        outbound.append([UInt8](repeating: 1, count: 500), endpoint: rightEndpoint)
        #expect(try pair.left.send(outbound) == 1)
        let inbound = PacketBatch(capacity: 1, packetCapacity: 100)
        #expect(try pair.right.receive(into: inbound) == 1)
        #expect(inbound.length(at: 0) == 0)
    }

    @Test func closedSideThrowsAndItsPeerLosesWhatItSends() throws {
        let pair = LinkPair(leftEndpoint: leftEndpoint, rightEndpoint: rightEndpoint)
        pair.right.close()
        let batch = PacketBatch(capacity: 1)
        batch.append([1], endpoint: rightEndpoint)
        #expect(try pair.left.send(batch) == 1)
        #expect(pair.left.lostCount == 1)
        #expect(throws: SystemError(call: "recvmmsg", code: EBADF)) { try pair.right.receive(into: batch) }
        #expect(throws: SystemError(call: "sendmmsg", code: EBADF)) { try pair.right.send(batch) }
    }
}
