// LabNetwork: the `ip` commands that build a lab's namespaces, as data (pure, so tests can read
// them). Every command works inside a lab namespace: veths are created in one lab namespace
// with their peer placed straight into another (`ip -n A link add X type veth peer name Y
// netns B`), so no interface, address or route ever appears in the root namespace.
//
//   internet ns (…-net): br0 ── p0 ═ eth0 server ns ── site1 ═ eth0 site host ns
//                             ├─ p1 ═ eth0 client ns
//                             └─ …

/// Builds the commands for a layout.
public enum LabNetwork {
    /// Commands that create every namespace, in order; each is an argument vector for `ip`
    /// (the first element is "ip") or, for the sysctl, `ip netns exec NS sysctl …`.
    public static func commands(_ layout: LabLayout) -> [[String]] {
        var commands: [[String]] = [
            ["ip", "netns", "add", layout.internet],
            ["ip", "-n", layout.internet, "link", "set", "lo", "up"],
            ["ip", "-n", layout.internet, "link", "add", "br0", "type", "bridge"],
            ["ip", "-n", layout.internet, "link", "set", "br0", "up"],
        ]
        for node in layout.nodes where node.role != .site {
            commands += [
                ["ip", "netns", "add", node.namespace],
                [
                    "ip", "-n", layout.internet, "link", "add", node.peerInterface, "type", "veth", "peer", "name",
                    "eth0", "netns", node.namespace,
                ],
                ["ip", "-n", layout.internet, "link", "set", node.peerInterface, "master", "br0", "up"],
            ]
            commands += host(node)
            for block in Underlay.blocks where !block.contains(node.underlay.address) {
                commands.append(["ip", "-n", node.namespace, "route", "add", block.description, "dev", "eth0"])
            }
            if node.role == .server {
                commands.append(["ip", "netns", "exec", node.namespace, "sysctl", "-qw", "net.ipv4.ip_forward=1"])
            }
        }
        for node in layout.nodes where node.role == .site {
            guard let server = node.server.flatMap(layout.node(named:)), let gateway = node.gateway else { continue }
            commands += [
                ["ip", "netns", "add", node.namespace],
                [
                    "ip", "-n", server.namespace, "link", "add", node.peerInterface, "type", "veth", "peer", "name",
                    "eth0", "netns", node.namespace,
                ],
                ["ip", "-n", server.namespace, "addr", "add", gateway.description, "dev", node.peerInterface],
                ["ip", "-n", server.namespace, "link", "set", node.peerInterface, "up"],
            ]
            commands += host(node)
            commands.append([
                "ip", "-n", node.namespace, "route", "add", "default", "via", gateway.address.description,
            ])
        }
        return commands
    }

    /// Loopback up, `eth0` addressed and up.
    static func host(_ node: LabNode) -> [[String]] {
        [
            ["ip", "-n", node.namespace, "link", "set", "lo", "up"],
            ["ip", "-n", node.namespace, "addr", "add", node.underlay.description, "dev", "eth0"],
            ["ip", "-n", node.namespace, "link", "set", "eth0", "up"],
        ]
    }
}
