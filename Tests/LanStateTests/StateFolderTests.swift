// State folder: where it lives, atomic and idempotent writes, refusing damaged files, locking.

import Foundation
import LanPlan
import LanState
import LanValues
import Testing

/// A fresh temporary folder for one test, removed by the caller.
func temporaryFolder() throws -> String {
    let path = NSTemporaryDirectory() + "lanstitch-test-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}

@Suite struct StateFolderTests {
    @Test func locatesTheFolderBesideTheInventory() {
        #expect(StateFolder(inventoryPath: "inventory/gaming.yaml", stateDir: nil).path == "inventory/gaming.state")
        #expect(StateFolder(inventoryPath: "gaming.yaml", stateDir: nil).path == "./gaming.state")
        #expect(StateFolder(inventoryPath: "/etc/lan/x.yml", stateDir: "keys").path == "/etc/lan/keys")
        #expect(StateFolder(inventoryPath: "/etc/lan/x.yml", stateDir: "/var/lib/lan").path == "/var/lib/lan")
    }

    @Test func writesAtomicallyPrivatelyAndOnlyOnChange() throws {
        let root = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let state = StateFolder(path: root + "/x.state")
        #expect(try state.readAddressBook() == AddressBook())
        let book = AddressBook(
            pools: ["a": [try IPv4Prefix.parse("10.0.0.0/16").get()]],
            leases: ["ann": .init(server: "a", address: IPv4Address(10, 0, 0, 2))])
        #expect(try state.writeAddressBook(book))
        #expect(try state.writeAddressBook(book) == false, "an unchanged book must not be rewritten")
        #expect(try state.readAddressBook() == book)
        let attributes = try FileManager.default.attributesOfItem(atPath: state.addressesPath)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        let folder = try FileManager.default.attributesOfItem(atPath: state.path)
        #expect((folder[.posixPermissions] as? Int) == 0o700)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: state.path).filter { $0.hasSuffix(".tmp") }
        #expect(leftovers.isEmpty)
    }

    @Test func refusesADamagedFileAndLeavesItAlone() throws {
        let root = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let state = StateFolder(path: root)
        try Data("{\"version\": 1, \"pools\": ".utf8).write(to: URL(fileURLWithPath: state.addressesPath))
        #expect(throws: Diagnostics.self) { try state.readAddressBook() }
        do {
            _ = try state.readAddressBook()
        } catch let problems as Diagnostics {
            #expect(problems.items.first?.message.contains("state file is damaged") == true)
        }
        try Data("{\"version\": 99, \"pools\": {}, \"leases\": {}}".utf8).write(
            to: URL(fileURLWithPath: state.addressesPath))
        do {
            _ = try state.readAddressBook()
            Issue.record("version 99 accepted")
        } catch let problems as Diagnostics {
            #expect(problems.items.first?.message.contains("format version 99") == true)
        }
    }

    @Test func lockSerialisesWriters() async throws {
        let root = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let state = StateFolder(path: root)
        // Two tasks each do 20 read-increment-write cycles under the lock; without the lock,
        // interleaving would lose increments.
        try await withThrowingTaskGroup(of: Void.self) { group in
            for worker in 0..<2 {
                group.addTask {
                    for step in 0..<20 {
                        try state.withLock {
                            var book = try state.readAddressBook()
                            let count = book.leases.count
                            book.leases["w\(worker)-\(step)"] = .init(server: "s", address: IPv4Address(UInt32(count)))
                            try state.writeAddressBook(book)
                        }
                    }
                }
            }
            try await group.waitForAll()
        }
        #expect(try state.readAddressBook().leases.count == 40)
    }
}
