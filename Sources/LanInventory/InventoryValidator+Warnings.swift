// InventoryValidator+Warnings: things in an inventory that work but will surprise its users.
// `lanstitch check` prints them as `file:line:col: warning: …` and still exits 0.

import LanValues

extension InventoryValidator {
    /// Every warning for `inventory`, in source order: explicit pools that overlap a block
    /// home routers use (HomeRouterRanges), since a member at home on that block cannot reach
    /// the pool's members (its own LAN's route wins).
    public static func warnings(_ inventory: Inventory) -> [Diagnostic] {
        var warnings: [Diagnostic] = []
        for server in inventory.servers {
            for pool in server.pools ?? [] {
                for range in HomeRouterRanges.overlapping(pool.value) {
                    warnings.append(
                        Diagnostic(
                            pool.location,
                            "warning: pool \(pool.value) of server \(server.name.value) overlaps \(range.prefix) (\(range.users)); a member whose home LAN is there cannot reach this pool. Choose a block such as 10.128.0.0/16–10.254.0.0/16, or remove 'pools:' to let lanstitch choose"
                        ))
                }
            }
        }
        return Diagnostics(warnings).items
    }
}
