// InventoryDecoder: YAML node tree → `Inventory`, one diagnostic per unusable value.
//
// Only shape and types are checked here (keys, types, CIDR text, ranges). Relations between
// values (overlaps, references, topology) are `InventoryValidator`'s job.

import LanValues
import Yams

enum InventoryDecoder {
    static let topKeys = [
        "network", "defaults", "topology", "hub", "servers", "links", "clients", "broadcast_relay", "broadcast",
        "keepalive",
        "state_dir",
        "lab",
    ]
    static let labKeys = ["lanstitch_clients", "openvpn3_clients"]
    static let defaultsKeys = ["pool_prefix", "port", "tcp_port", "protocols", "ciphers"]
    static let serverKeys = [
        "name", "region", "endpoint", "pools", "site_subnets", "masquerade", "primary", "ssh", "uplinks", "port",
        "tcp_port",
        "protocols",
        "ssh_key",
        "install_dir",
        "expose",
    ]
    static let linkKeys = ["from", "to", "cost"]
    static let broadcastKeys = ["groups", "rate", "burst", "sites"]
    static let keepaliveKeys = ["link_ping", "link_timeout", "client_ping", "client_timeout"]
    static let clientKeys = ["name", "server", "address", "fallback"]

    /// The default LAN when `network:` is absent.
    static let defaultNetwork = IPv4Prefix(IPv4Address(10, 0, 0, 0), length: 8)

    static func decode(_ root: Node, reader: inout YAMLReader) -> Inventory? {
        guard let top = reader.mapping(root, at: "inventory", known: topKeys) else { return nil }
        let rootLocation = reader.location(root)
        let network =
            top["network"].flatMap { reader.prefix($0.value, at: "network") }
            ?? Located(defaultNetwork, at: rootLocation)
        let defaults = decodeDefaults(top["defaults"]?.value, network: network.value, at: rootLocation, reader: &reader)
        let problemsBefore = reader.diagnostics.count
        let topology =
            top["topology"].flatMap { reader.word($0.value, at: "topology", as: Topology.self) }
            ?? Located(.explicit, at: rootLocation)
        let topologyRead = reader.diagnostics.count == problemsBefore
        let hub = top["hub"].flatMap { reader.string($0.value, at: "hub") }
        let servers = top["servers"].flatMap { entry in
            reader.list(entry.value, at: "servers") { reader, node, path in
                decodeServer(node, at: path, reader: &reader)
            }
        }
        if top["servers"] == nil || (servers?.isEmpty == true && reader.diagnostics.isEmpty) {
            let at = top["servers"].map { reader.location($0.value) } ?? rootLocation
            reader.report(at, "inventory: no servers; name at least one under 'servers:'")
        }
        let links = top["links"].flatMap { entry in
            reader.list(entry.value, at: "links") { reader, node, path in decodeLink(node, at: path, reader: &reader) }
        }
        let clients = top["clients"].flatMap { entry in
            reader.list(entry.value, at: "clients") { reader, node, path in
                decodeClient(node, at: path, reader: &reader)
            }
        }
        let relay = top["broadcast_relay"].flatMap { reader.bool($0.value, at: "broadcast_relay") } ?? false
        let stateDir = top["state_dir"].flatMap { reader.string($0.value, at: "state_dir") }
        if let stateDir, stateDir.value.allSatisfy(\.isWhitespace) {
            reader.report(stateDir.location, "state_dir: empty; remove the key to use the default, or name a folder")
        }
        var inventory = Inventory(
            file: reader.file, network: network, defaults: defaults, topology: topology, hub: hub,
            servers: servers ?? [], links: links ?? [], clients: clients ?? [], broadcastRelay: relay,
            stateDir: stateDir)
        inventory.topologyIsReadable = topologyRead && (top["hub"] == nil || hub != nil)
        if let entry = top["broadcast"] { inventory.broadcast = decodeBroadcast(entry.value, reader: &reader) }
        if let entry = top["keepalive"] { inventory.keepalive = decodeKeepalive(entry.value, reader: &reader) }
        inventory.lab = top["lab"].flatMap { decodeLab($0.value, reader: &reader) }
        return inventory
    }

    static func decodeDefaults(
        _ node: Node?, network: IPv4Prefix, at location: SourceLocation, reader: inout YAMLReader
    )
        -> Defaults
    {
        let fallbackPrefix = Located(network.length < 16 ? 16 : min(network.length + 4, 28), at: location)
        var defaults = Defaults(
            poolPrefix: fallbackPrefix, port: 1194, tcpPort: nil, protocols: [.udp, .tcp],
            ciphers: [.aes256gcm, .chacha20poly1305])
        guard let node, let map = reader.mapping(node, at: "defaults", known: defaultsKeys) else { return defaults }
        if let entry = map["pool_prefix"], let value = reader.int(entry.value, at: "defaults.pool_prefix", in: 1...30) {
            defaults.poolPrefix = value
        }
        if let entry = map["port"], let value = reader.int(entry.value, at: "defaults.port", in: 1...65535) {
            defaults.port = value.value
        }
        defaults.tcpPort = map["tcp_port"].flatMap {
            reader.int($0.value, at: "defaults.tcp_port", in: 1...65535)?.value
        }
        if let entry = map["protocols"],
            let value = decodeProtocols(entry.value, at: "defaults.protocols", reader: &reader)
        {
            defaults.protocols = value
        }
        if let entry = map["ciphers"] {
            let ciphers = reader.list(entry.value, at: "defaults.ciphers") { reader, node, path in
                reader.word(node, at: path, as: DataCipher.self)?.value
            }
            if let ciphers, ciphers.isEmpty { reader.report(entry.value, "defaults.ciphers: name at least one cipher") }
            if let ciphers, !ciphers.isEmpty { defaults.ciphers = ciphers }
        }
        return defaults
    }

    static func decodeProtocols(_ node: Node, at path: String, reader: inout YAMLReader) -> [TransportProtocol]? {
        guard
            let list = reader.list(
                node, at: path,
                element: { reader, node, path in
                    reader.word(node, at: path, as: TransportProtocol.self)?.value
                })
        else { return nil }
        if list.isEmpty {
            reader.report(node, "\(path): name at least one of udp, tcp")
            return nil
        }
        return list
    }

    /// `broadcast: { groups: [224.0.0.251], rate: 100, burst: 200 }`; each key optional.
    static func decodeBroadcast(_ node: Node, reader: inout YAMLReader) -> BroadcastSettings {
        var settings = BroadcastSettings()
        guard let map = reader.mapping(node, at: "broadcast", known: broadcastKeys) else { return settings }
        if let entry = map["groups"],
            let groups = reader.list(
                entry.value, at: "broadcast.groups",
                element: { (reader: inout YAMLReader, node: Node, path: String) -> IPv4Address? in
                    guard let group = reader.address(node, at: path) else { return nil }
                    guard group.value.value >> 28 == 0xE else {
                        reader.report(
                            node, "\(path): \(group.value) is not a multicast group (224.0.0.0 to 239.255.255.255)")
                        return nil
                    }
                    return group.value
                })
        {
            settings.groups = groups
        }
        if let entry = map["rate"], let rate = reader.int(entry.value, at: "broadcast.rate", in: 1...100_000) {
            settings.rate = rate.value
        }
        if let entry = map["burst"], let burst = reader.int(entry.value, at: "broadcast.burst", in: 1...100_000) {
            settings.burst = burst.value
        }
        if let entry = map["sites"], let sites = reader.bool(entry.value, at: "broadcast.sites") {
            settings.sites = sites
        }
        return settings
    }

    /// `keepalive: { link_ping: 1, link_timeout: 3, client_ping: 2, client_timeout: 10 }`.
    static func decodeKeepalive(_ node: Node, reader: inout YAMLReader) -> KeepaliveSettings {
        var settings = KeepaliveSettings()
        guard let map = reader.mapping(node, at: "keepalive", known: keepaliveKeys) else { return settings }
        func seconds(_ key: String) -> Int? {
            map[key].flatMap { reader.int($0.value, at: "keepalive.\(key)", in: 1...3600)?.value }
        }
        settings.linkPing = seconds("link_ping") ?? settings.linkPing
        settings.linkTimeout = seconds("link_timeout") ?? settings.linkTimeout
        settings.clientPing = seconds("client_ping") ?? settings.clientPing
        settings.clientTimeout = seconds("client_timeout") ?? settings.clientTimeout
        for (ping, timeout, key) in [
            (settings.linkPing, settings.linkTimeout, "link_timeout"),
            (settings.clientPing, settings.clientTimeout, "client_timeout"),
        ] where timeout < 2 * ping {
            reader.report(
                map[key]?.value ?? node,
                "keepalive.\(key): \(timeout) s is less than two pings; make it at least \(2 * ping) s")
        }
        return settings
    }

    static func decodeServer(_ node: Node, at path: String, reader: inout YAMLReader) -> Server? {
        guard let map = reader.mapping(node, at: path, known: serverKeys) else { return nil }
        guard let nameEntry = map["name"] else {
            reader.report(node, "\(path): a server needs a 'name:'")
            return nil
        }
        guard let name = reader.string(nameEntry.value, at: "\(path).name") else { return nil }
        let here = "server \(name.value)"
        var server = Server(
            name: name,
            region: map["region"].flatMap { reader.string($0.value, at: "\(here): region") },
            endpoint: map["endpoint"].flatMap { decodeEndpoint($0.value, at: "\(here): endpoint", reader: &reader) },
            pools: map["pools"].flatMap { entry in
                reader.list(entry.value, at: "\(here): pools") { reader, node, path in reader.prefix(node, at: path) }
            },
            siteSubnets: map["site_subnets"].flatMap { entry in
                reader.list(entry.value, at: "\(here): site_subnets") { reader, node, path in
                    reader.prefix(node, at: path)
                }
            } ?? [],
            masquerade: map["masquerade"].flatMap { entry in
                reader.list(entry.value, at: "\(here): masquerade") { reader, node, path in
                    reader.prefix(node, at: path)
                }
            } ?? [],
            primary: map["primary"].flatMap { reader.bool($0.value, at: "\(here): primary") } ?? false,
            ssh: map["ssh"].flatMap { decodeSSH($0.value, at: "\(here): ssh", reader: &reader) },
            sshKey: map["ssh_key"].flatMap { reader.string($0.value, at: "\(here): ssh_key") },
            installDir: map["install_dir"].flatMap {
                decodeInstallDir($0.value, at: "\(here): install_dir", reader: &reader)
            },
            uplinks: map["uplinks"].flatMap { entry in
                reader.list(entry.value, at: "\(here): uplinks") { reader, node, path in reader.string(node, at: path) }
            } ?? [],
            port: map["port"].flatMap { reader.int($0.value, at: "\(here): port", in: 1...65535)?.value },
            tcpPort: map["tcp_port"].flatMap { reader.int($0.value, at: "\(here): tcp_port", in: 1...65535)?.value },
            protocols: map["protocols"].flatMap {
                decodeProtocols($0.value, at: "\(here): protocols", reader: &reader)
            },
            location: reader.location(node))
        server.expose =
            map["expose"].flatMap { entry in
                reader.list(entry.value, at: "\(here): expose") { reader, node, path in
                    decodeExposed(node, at: path, reader: &reader)
                }
            } ?? []
        return server
    }

    /// `user@host` or `user@host:port` (SSHAddress); the text is kept, as written.
    static func decodeSSH(_ node: Node, at path: String, reader: inout YAMLReader) -> Located<String>? {
        guard let text = reader.string(node, at: path) else { return nil }
        guard SSHAddress(text.value) != nil else {
            reader.report(
                node, "\(path): '\(text.value)' is not user@host or user@host:port (for example root@203.0.113.10)")
            return nil
        }
        return text
    }

    /// A port members may reach on the host: `ssh`, `http`, `https`, `dns` or `PORT/tcp|udp`.
    static func decodeExposed(_ node: Node, at path: String, reader: inout YAMLReader) -> Located<ExposedPort>? {
        guard let text = reader.string(node, at: path) else { return nil }
        guard let port = ExposedPort(text.value) else {
            reader.report(
                node,
                "\(path): '\(text.value)' is not a service members may reach; use ssh, http, https, dns, or PORT/tcp or PORT/udp (for example 8080/tcp)"
            )
            return nil
        }
        return Located(port, at: text.location)
    }

    /// An absolute folder path without spaces, quotes or `..` (deploy uses it in remote shell commands).
    static func decodeInstallDir(_ node: Node, at path: String, reader: inout YAMLReader) -> Located<String>? {
        guard let text = reader.string(node, at: path) else { return nil }
        let allowed = text.value.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "/._-".contains($0)) }
        guard text.value.hasPrefix("/"), text.value.count > 1, allowed, !text.value.contains("..") else {
            reader.report(
                node,
                "\(path): '\(text.value)' must be an absolute folder path of letters, digits and / . _ - (for example /opt/lanstitch)"
            )
            return nil
        }
        return text
    }

    /// `host`, `host:port`, `a.b.c.d` or `a.b.c.d:port`.
    static func decodeEndpoint(_ node: Node, at path: String, reader: inout YAMLReader) -> Located<Endpoint>? {
        guard let text = reader.string(node, at: path) else { return nil }
        let parts = text.value.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count <= 2, let host = parts.first.map(String.init), isHostName(host) else {
            reader.report(node, "\(path): '\(text.value)' is not a host name or IPv4 address with an optional :port")
            return nil
        }
        var port: Int?
        if parts.count == 2 {
            guard let number = Int(parts[1]), (1...65535).contains(number) else {
                reader.report(node, "\(path): '\(parts[1])' is not a port from 1 to 65535")
                return nil
            }
            port = number
        }
        return Located(Endpoint(host: host, port: port), at: text.location)
    }

    /// A DNS name (letters, digits, hyphens, dots) or dotted-quad text.
    static func isHostName(_ text: String) -> Bool {
        guard !text.isEmpty, text.count <= 253 else { return false }
        // Digits and dots only: it must be a valid IPv4 address (so 999.1.1.1 is refused).
        if text.allSatisfy({ $0.isNumber || $0 == "." }) { return IPv4Address(text) != nil }
        let labels = text.split(separator: ".", omittingEmptySubsequences: false)
        return labels.allSatisfy { label in
            (1...63).contains(label.count) && label.first != "-" && label.last != "-"
                && label.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }
        }
    }

    static func decodeLink(_ node: Node, at path: String, reader: inout YAMLReader) -> LinkSpec? {
        guard let map = reader.mapping(node, at: path, known: linkKeys) else { return nil }
        guard let fromEntry = map["from"], let toEntry = map["to"] else {
            reader.report(node, "\(path): a link needs both 'from:' (the server that dials) and 'to:'")
            return nil
        }
        let from = reader.string(fromEntry.value, at: "\(path).from")
        let to = reader.string(toEntry.value, at: "\(path).to")
        let cost = map["cost"].map { reader.int($0.value, at: "\(path).cost", in: 1...65535) }
        guard let from, let to, cost != .some(nil) else { return nil }
        return LinkSpec(
            from: from, to: to, cost: cost.flatMap { $0 } ?? Located(10, at: reader.location(node)),
            location: reader.location(node))
    }

    static func decodeClient(_ node: Node, at path: String, reader: inout YAMLReader) -> Client? {
        guard let map = reader.mapping(node, at: path, known: clientKeys) else { return nil }
        guard let nameEntry = map["name"], let serverEntry = map["server"] else {
            reader.report(node, "\(path): a client needs 'name:' and 'server:' (its home server)")
            return nil
        }
        guard let name = reader.string(nameEntry.value, at: "\(path).name") else { return nil }
        let here = "client \(name.value)"
        guard let server = reader.string(serverEntry.value, at: "\(here): server") else { return nil }
        let address = map["address"].map { reader.address($0.value, at: "\(here): address") }
        if case .some(.none) = address { return nil }
        return Client(
            name: name, server: server, address: address.flatMap { $0 },
            fallback: map["fallback"].flatMap { entry in
                reader.list(entry.value, at: "\(here): fallback") { reader, node, path in reader.string(node, at: path)
                }
            } ?? [],
            location: reader.location(node))
    }

    /// `lab: { lanstitch_clients: [NAME, ...], openvpn3_clients: [NAME, ...] }`.
    static func decodeLab(_ node: Node, reader: inout YAMLReader) -> LabOptions? {
        guard let map = reader.mapping(node, at: "lab", known: labKeys) else { return nil }
        func names(_ key: String) -> [Located<String>] {
            map[key].flatMap { entry in
                reader.list(entry.value, at: "lab.\(key)") { reader, node, path in reader.string(node, at: path) }
            } ?? []
        }
        return LabOptions(
            lanstitchClients: names("lanstitch_clients"), openvpn3Clients: names("openvpn3_clients"),
            location: reader.location(node))
    }
}
