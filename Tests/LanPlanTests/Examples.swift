// Helpers for plan tests: the repository's example inventories, loaded and planned in memory.

import Foundation
import LanInventory
import LanPlan
import LanValues
import Testing

/// The repository root, found from this file's path.
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

/// Loads `inventory/NAME.yaml`, requiring it to be free of problems.
func loadExample(_ name: String) throws -> Inventory {
    let path = repositoryRoot.appendingPathComponent("inventory/\(name).yaml").path
    let loaded = InventoryLoader.load(path: path)
    #expect(loaded.diagnostics.isEmpty, "\(loaded.diagnostics)")
    var inventory = try #require(loaded.inventory)
    inventory.file = "inventory/\(name).yaml"
    return inventory
}

/// Loads YAML text, requiring it to be free of problems.
func loadText(_ yaml: String) throws -> Inventory {
    let loaded = InventoryLoader.load(text: yaml, file: "test.yaml")
    #expect(loaded.diagnostics.isEmpty, "\(loaded.diagnostics)")
    return try #require(loaded.inventory)
}

/// Plans with an empty or given book, requiring success.
func planOrFail(_ inventory: Inventory, book: AddressBook = AddressBook(), failed: Set<LinkID> = []) throws
    -> Planner.Outcome
{
    let outcome = Planner.plan(inventory, book: book, failed: failed)
    #expect(outcome.diagnostics.isEmpty, "\(outcome.diagnostics)")
    _ = try #require(outcome.plan)
    return outcome
}

func prefix(_ text: String) -> IPv4Prefix {
    // Test literals are known-good CIDR text.
    try! IPv4Prefix.parse(text).get()
}
