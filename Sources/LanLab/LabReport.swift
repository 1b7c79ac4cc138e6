// LabReport: the lines `lab up` and `lab status` print per node (pure):
//   server  hangzhou  ls1a2b3c-hangzhou  203.0.113.10/24  LAN 10.251.0.1  pid 4242 (runs)

import LanValues

/// Text for people.
public enum LabReport {
    /// One line per node of `record`, columns aligned; `alive` tells whether each process runs.
    public static func nodeLines(_ record: LabRecord, alive: (LabProcess) -> Bool) -> [String] {
        let nodes = record.layout.nodes
        let nameWidth = (nodes.map(\.name.count).max() ?? 0) + 2
        let namespaceWidth = (nodes.map(\.namespace.count).max() ?? 0) + 2
        let underlayWidth = (nodes.map(\.underlay.description.count).max() ?? 0) + 2
        let lanWidth = (nodes.map(\.lanAddress.description.count).max() ?? 0) + 6
        return nodes.map { node in
            var line =
                pad(node.role.rawValue, 8) + pad(node.name, nameWidth) + pad(node.namespace, namespaceWidth)
                + pad(node.underlay.description, underlayWidth) + pad("LAN \(node.lanAddress)", lanWidth)
            if let process = record.process(of: node.name) {
                line += "pid \(process.pid) (\(alive(process) ? "runs" : "NOT RUNNING"))"
            }
            switch node.role {
            case .client: line += "  \(node.program?.rawValue ?? "openvpn") via \(node.server ?? "?")"
            case .site: line += "behind \(node.server ?? "?") via \(node.gateway?.address.description ?? "?")"
            case .server: break
            }
            return line
        }
    }

    static func pad(_ text: String, _ width: Int) -> String {
        text + String(repeating: " ", count: max(1, width - text.count))
    }
}
