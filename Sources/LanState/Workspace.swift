// Workspace: an inventory together with its state folder — the starting point of every command.
// `check` reads it; `plan` (and later `init`, `client add`) plan and record under the lock.

import LanInventory
import LanPlan
import LanValues

/// A loaded, checked inventory and its state folder.
public struct Workspace: Sendable {
    public var inventory: Inventory
    public var state: StateFolder

    /// Loads and checks the inventory at `path`. Throws every problem as `Diagnostics`.
    public static func open(_ path: String) throws -> Workspace {
        let loaded = InventoryLoader.load(path: path)
        guard let inventory = loaded.inventory, loaded.diagnostics.isEmpty else {
            throw Diagnostics(loaded.diagnostics)
        }
        return Workspace(
            inventory: inventory, state: StateFolder(inventoryPath: path, stateDir: inventory.stateDir?.value))
    }

    /// Everything wrong with the inventory at `path`, including what only planning finds
    /// (capacity, links, clashes with recorded state). Reads the state folder, writes nothing.
    public static func check(_ path: String) -> [Diagnostic] {
        let loaded = InventoryLoader.load(path: path)
        if let inventory = loaded.inventory, !loaded.diagnostics.isEmpty {
            // Planning needs a clean inventory, but link problems can still be told now.
            let links = inventory.topologyIsReadable ? LinkPlanner.derive(inventory).diagnostics : []
            return Diagnostics(loaded.diagnostics + links).items
        }
        do {
            let workspace = try open(path)
            let book = try workspace.state.readAddressBook()
            return Planner.plan(workspace.inventory, book: book).diagnostics
        } catch let problems as Diagnostics {
            return problems.items
        } catch {
            return [Diagnostic(SourceLocation(file: path, line: 0, column: 0), "\(error)")]
        }
    }

    /// The result of planning: the plan and whether new allocations were recorded.
    public struct Planned: Sendable {
        public var plan: LanPlan
        /// The address book as recorded after planning.
        public var book: AddressBook
        public var recorded: Bool
    }

    /// Plans the LAN without `failed` links and records new pools and leases in the state
    /// folder (under its lock), so later plans keep them. Throws `Diagnostics` on problems.
    public func plan(failed: Set<LinkID> = []) throws -> Planned {
        try state.withLock { try planHoldingLock(failed: failed) }
    }

    /// `plan`, for callers that already hold the state folder's lock (`StateFolder.withLock`);
    /// `adhoc` leases addresses for clients outside the inventory (name → home server).
    public func planHoldingLock(failed: Set<LinkID> = [], adhoc: [String: String] = [:]) throws -> Planned {
        let book = try state.readAddressBook()
        let outcome = Planner.plan(inventory, book: book, failed: failed, adhoc: adhoc)
        guard let plan = outcome.plan else { throw Diagnostics(outcome.diagnostics) }
        let recorded = try state.writeAddressBook(outcome.book)
        return Planned(plan: plan, book: outcome.book, recorded: recorded)
    }
}
