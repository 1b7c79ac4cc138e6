// Planner: the one call that turns a checked inventory and the remembered address book into a
// LAN plan — allocation, links, routes — and the book to record afterwards.

import LanInventory
import LanValues

/// Plans a LAN. Pure: reading and writing the state folder is `StateFolder`'s job.
public enum Planner {
    /// A plan (nil if there were problems), the updated address book, and every problem.
    public struct Outcome: Sendable {
        public var plan: LanPlan?
        public var book: AddressBook
        public var diagnostics: [Diagnostic]
    }

    /// Plans `inventory` given the recorded `book`, without the links in `failed`.
    /// The inventory should already be free of `InventoryLoader` diagnostics.
    /// `adhoc` names clients outside the inventory (name → home server) to lease addresses for.
    public static func plan(
        _ inventory: Inventory, book: AddressBook, failed: Set<LinkID> = [], adhoc: [String: String] = [:]
    ) -> Outcome {
        let addresses = AddressPlanner.allocate(inventory, book: book, adhoc: adhoc)
        let derived = LinkPlanner.derive(inventory)
        let diagnostics = Diagnostics(addresses.diagnostics + derived.diagnostics).items
        guard diagnostics.isEmpty else { return Outcome(plan: nil, book: book, diagnostics: diagnostics) }
        let plan = RoutePlanner.plan(inventory, addresses: addresses.plan, links: derived.links, failed: failed)
        return Outcome(plan: plan, book: addresses.book, diagnostics: [])
    }
}
