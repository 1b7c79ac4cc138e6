// Tests of lab.json: a record survives a round trip, and damage or a foreign version is
// reported instead of guessed at.

import Foundation
import LanLab
import Testing

@Suite struct LabRecordTests {
    @Test func roundTrip() throws {
        let lab = try layout(officeYAML)
        let record = LabRecord(
            inventory: "/srv/lan/office.yaml", layout: lab,
            processes: [
                LabProcess(
                    node: "hq", pid: 4242, startTime: 123_456, command: ["ip", "netns", "exec", "x", "lanstitch"],
                    log: "/srv/lan/office.state/lab/logs/hq.log")
            ])
        let data = try record.encoded()
        #expect(try LabRecord.decode(data, path: "lab.json") == record)
        let text = String(decoding: data, as: UTF8.self)
        #expect(text.contains("\"start_time\" : 123456"))
        #expect(text.contains("\"lan_address\" : \"10.128.0.2\""))
        #expect(record.process(of: "hq")?.pid == 4242)
    }

    @Test func writeAndRead() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("labrecord-\(getpid())").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/lab.json"
        #expect(try LabRecord.read(from: path) == nil)
        let record = LabRecord(inventory: "/x.yaml", layout: try layout(officeYAML))
        try record.write(to: path)
        #expect(try LabRecord.read(from: path) == record)
    }

    @Test func damageAndForeignVersionsAreRefused() throws {
        #expect(throws: LabError.self) { try LabRecord.decode(Data("{".utf8), path: "lab.json") }
        var record = LabRecord(inventory: "/x.yaml", layout: try layout(officeYAML))
        record.version = 99
        let data = try record.encoded()
        #expect(throws: LabError.self) { try LabRecord.decode(data, path: "lab.json") }
    }

    @Test func readsAddressesFromIPJSON() {
        let json = """
            [{"ifindex":1,"ifname":"lo","addr_info":[{"family":"inet","local":"127.0.0.1","prefixlen":8}]},
             {"ifindex":5,"ifname":"tun0","addr_info":[{"family":"inet","local":"10.251.0.2","prefixlen":16}]}]
            """
        #expect(
            LabInspector.parseAddresses(json) == [
                DeviceAddress(device: "tun0", address: .init(10, 251, 0, 2), prefixLength: 16)
            ])
        #expect(LabInspector.parseAddresses("not json").isEmpty)
    }
}
