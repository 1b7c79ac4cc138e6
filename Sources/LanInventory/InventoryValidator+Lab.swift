// InventoryValidator+Lab: the `lab:` options name clients of this inventory, each once.

import LanValues

extension InventoryValidator {
    static func checkLab(_ inventory: Inventory, into problems: inout [Diagnostic]) {
        guard let lab = inventory.lab else { return }
        let names = inventory.clients.map(\.name.value)
        var seen: Set<String> = []
        for client in lab.lanstitchClients {
            guard names.contains(client.value) else {
                let hint = Suggest.closest(to: client.value, among: names).map { "; did you mean '\($0)'?" } ?? ""
                problems.append(
                    Diagnostic(
                        client.location,
                        "lab.lanstitch_clients: '\(client.value)' is not a client of this inventory\(hint)"))
                continue
            }
            if !seen.insert(client.value).inserted {
                problems.append(
                    Diagnostic(client.location, "lab.lanstitch_clients: '\(client.value)' is listed twice; keep one"))
            }
        }
    }
}
