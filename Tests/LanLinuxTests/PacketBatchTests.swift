// PacketBatch and PacketPool: slot layout, headroom for in-place headers, bounds, and lending
// without allocation.

import LanHost
import LanValues
import Testing

@testable import LanLinux

@Suite struct PacketBatchTests {
    @Test func appendPlacesEachPacketAfterTheHeadroom() {
        let batch = PacketBatch(capacity: 4, packetCapacity: 100, headroom: 64)
        #expect(batch.slotSize == 164)
        #expect(batch.append([1, 2, 3]))
        #expect(batch.append([4, 5], endpoint: IPv4Endpoint(address: IPv4Address(192, 0, 2, 7), port: 1194)))
        #expect(batch.count == 2)
        #expect(batch.offset(at: 0) == 64 && batch.length(at: 0) == 3)
        #expect(batch.packet(at: 0) == [1, 2, 3])
        #expect(batch.packet(at: 1) == [4, 5])
        #expect(batch.endpoint(at: 1).description == "192.0.2.7:1194")
        #expect(batch.endpoint(at: 0) == .unspecified)
    }

    @Test func prependWritesTheHeaderInFrontWithoutMovingThePayload() {
        let batch = PacketBatch(capacity: 1, packetCapacity: 100, headroom: 64)
        batch.append([0xAA, 0xBB, 0xCC])
        let payloadAddress = batch.bytes(at: 0).baseAddress
        let header = batch.prepend(8, at: 0)
        for index in 0..<8 { header[index] = UInt8(index) }
        #expect(batch.offset(at: 0) == 56)
        #expect(batch.length(at: 0) == 11)
        #expect(batch.packet(at: 0) == [0, 1, 2, 3, 4, 5, 6, 7, 0xAA, 0xBB, 0xCC])
        #expect(batch.bytes(at: 0).baseAddress! + 8 == payloadAddress!)
    }

    @Test func dropFrontSkipsAHeaderInPlace() {
        let batch = PacketBatch(capacity: 1, packetCapacity: 100, headroom: 64)
        batch.append([0x48, 0x00, 0x00, 0x01, 0x45, 0x00])
        let address = batch.bytes(at: 0).baseAddress!
        batch.dropFront(4, at: 0)
        #expect(batch.offset(at: 0) == 68 && batch.length(at: 0) == 2)
        #expect(batch.packet(at: 0) == [0x45, 0x00])
        #expect(batch.bytes(at: 0).baseAddress! == address + 4)
        batch.dropFront(2, at: 0)
        #expect(batch.length(at: 0) == 0)
    }

    @Test func setLengthGrowsIntoTheTailroom() {
        let batch = PacketBatch(capacity: 1, packetCapacity: 32, headroom: 16)
        batch.append([9, 9])
        batch.setLength(18, at: 0)
        #expect(batch.length(at: 0) == 18)
        #expect(batch.bytes(at: 0).count == 18)
        #expect(Array(batch.bytes(at: 0).prefix(2)) == [9, 9])
    }

    @Test func appendRefusesWhenFullOrTooLong() {
        let batch = PacketBatch(capacity: 2, packetCapacity: 4, headroom: 0)
        #expect(!batch.append([1, 2, 3, 4, 5]))
        #expect(batch.append([1, 2, 3, 4]))
        #expect(batch.append([1]))
        #expect(!batch.append([2]))
        #expect(batch.count == 2)
        batch.removeAll()
        #expect(batch.count == 0)
        #expect(batch.append([3]))
        #expect(batch.packet(at: 0) == [3])
    }

    @Test func slotsDoNotOverlap() {
        let batch = PacketBatch(capacity: 3, packetCapacity: 8, headroom: 4)
        for value in UInt8(1)...3 { batch.append([UInt8](repeating: value, count: 8)) }
        for index in 0..<3 {
            _ = batch.prepend(4, at: index).initializeMemory(as: UInt8.self, repeating: 0xEE)
        }
        for index in 0..<3 {
            #expect(
                batch.packet(at: index) == [0xEE, 0xEE, 0xEE, 0xEE] + [UInt8](repeating: UInt8(index + 1), count: 8))
        }
    }

    @Test func poolLendsEveryBatchOnceAndTakesThemBackEmpty() {
        let pool = PacketPool(batches: 3, batchCapacity: 8, packetCapacity: 64, headroom: 16)
        let taken = (0..<3).compactMap { _ in pool.take() }
        #expect(taken.count == 3)
        #expect(Set(taken.map(ObjectIdentifier.init)).count == 3)
        #expect(pool.take() == nil)
        #expect(pool.available == 0)
        taken[1].append([1, 2, 3])
        pool.recycle(taken[1])
        #expect(pool.available == 1)
        let again = pool.take()
        #expect(again === taken[1])
        #expect(again?.count == 0)
        #expect(again?.capacity == 8 && again?.headroom == 16 && again?.packetCapacity == 64)
    }
}
