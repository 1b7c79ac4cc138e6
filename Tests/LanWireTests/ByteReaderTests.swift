// Tests of ByteReader and ByteWriter: big-endian widths, round trips, and typed errors (never a
// trap) on truncated input.

import LanWire
import Testing

@Suite struct ByteReaderTests {
    @Test func readsBigEndianFields() throws {
        let bytes = hex(
            """
            ab                  # u8
            0102                # u16
            030405              # u24
            06070809            # u32
            0a0b0c0d0e0f1011    # u64
            beef                # 2 bytes
            """)
        try ByteReader.reading(bytes) { (reader) throws(WireError) in
            #expect(try reader.readUInt8() == 0xAB)
            #expect(try reader.readUInt16() == 0x0102)
            #expect(try reader.readUInt24() == 0x03_0405)
            #expect(try reader.readUInt32() == 0x0607_0809)
            #expect(try reader.readUInt64() == 0x0A0B_0C0D_0E0F_1011)
            #expect(reader.remaining == 2)
            #expect(try reader.readBytes(2) == [0xBE, 0xEF])
            #expect(reader.isAtEnd)
        }
    }

    @Test func writerIsTheInverseOfTheReader() throws {
        var writer = ByteWriter()
        writer.writeUInt8(0xAB)
        writer.writeUInt16(0x0102)
        writer.writeUInt24(0xFF03_0405)
        writer.writeUInt32(0x0607_0809)
        writer.writeUInt64(0x0A0B_0C0D_0E0F_1011)
        writer.writeBytes([0xBE, 0xEF])
        #expect(hexString(writer.bytes) == "ab0102030405060708090a0b0c0d0e0f1011beef")
    }

    @Test func truncatedReadsThrowAndDoNotConsume() {
        #expect(throws: WireError.self) {
            try ByteReader.reading([0x01, 0x02, 0x03]) { (reader) throws(WireError) in _ = try reader.readUInt32("u32")
            }
        }
        let error = #expect(throws: WireError.self) {
            try ByteReader.reading([0x01]) { (reader) throws(WireError) in
                _ = try reader.readUInt8()
                _ = try reader.readUInt64("own session id")
            }
        }
        #expect(error?.code == .truncated)
        #expect(error?.field == "own session id")
        #expect(error?.offset == 1)
    }

    @Test func negativeAndHugeCountsAreTruncationNotTraps() {
        for count in [-1, Int.max, 5] {
            #expect(throws: WireError.self) {
                try ByteReader.reading([1, 2, 3]) { (reader) throws(WireError) in _ = try reader.readBytes(count) }
            }
        }
    }
}
