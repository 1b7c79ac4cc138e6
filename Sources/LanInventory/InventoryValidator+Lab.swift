// InventoryValidator+Lab: the `lab:` options name clients of this inventory, each once and in
// one list only (a client runs one program in the lab).

import LanValues

extension InventoryValidator {
    static func checkLab(_ inventory: Inventory, into problems: inout [Diagnostic]) {
        guard let lab = inventory.lab else { return }
        let names = inventory.clients.map(\.name.value)
        var seen: [String: String] = [:]
        for (key, clients) in [("lanstitch_clients", lab.lanstitchClients), ("openvpn3_clients", lab.openvpn3Clients)] {
            for client in clients {
                guard names.contains(client.value) else {
                    let hint = Suggest.closest(to: client.value, among: names).map { "; did you mean '\($0)'?" } ?? ""
                    problems.append(
                        Diagnostic(
                            client.location, "lab.\(key): '\(client.value)' is not a client of this inventory\(hint)"))
                    continue
                }
                if let earlier = seen[client.value] {
                    let message =
                        earlier == key
                        ? "lab.\(key): '\(client.value)' is listed twice; keep one"
                        : "lab.\(key): '\(client.value)' is also in lab.\(earlier); a client runs one program, keep one"
                    problems.append(Diagnostic(client.location, message))
                    continue
                }
                seen[client.value] = key
            }
        }
    }
}
