// OpenVPNExport: `lanstitch export openvpn INVENTORY --server S --out DIR` — the plan for S as
// stock OpenVPN 2.6 configuration: server.conf, ccd/ (fixed client addresses; iroutes for the
// prefixes behind each peer server that dials S), one uplink-PEER.conf per link S dials, and
// the key files. The migration path for people on OpenVPN today, and an independent check of
// lanstitch's PKI and profiles. What stock OpenVPN cannot do is said in server.conf.

import LanInventory
import LanPlan
import LanState
import LanTemplates
import LanValues

/// Exports a server's plan as stock OpenVPN configuration.
public enum OpenVPNExport {
    static func netmask(_ prefix: IPv4Prefix) -> String { IPv4Address(IPv4Prefix.mask(prefix.length)).description }

    static func route(_ prefix: IPv4Prefix) -> [String: String] {
        ["network": prefix.network.description, "netmask": netmask(prefix)]
    }

    /// The exported files for `server`. Requires `init`; `plan` and `book` from `Workspace.plan`.
    public static func files(_ server: String, workspace: Workspace, plan: LanPlan, book: AddressBook) throws
        -> [ServerBundle.File]
    {
        let bundle = try ServerBundle.files(server, workspace: workspace, plan: plan, book: book)
        guard let me = plan.server(named: server), let entry = workspace.inventory.server(named: server),
            let first = me.pools.first
        else { return [] }
        let inventory = workspace.inventory
        let lan = PKIInitializer.lanName(workspace)
        let ciphers = inventory.defaults.ciphers.map(\.rawValue).joined(separator: ":")
        // One client subnet that holds every pool (a stock server has one), so a member of any
        // pool has the server's address inside its subnet.
        let subnet = IPv4Prefix.covering(me.pools) ?? first
        var limits: [String] = []
        let protocols = inventory.protocols(of: entry)
        if protocols.count > 1 {
            limits.append(
                "listen on UDP and TCP at once: this file uses \(protocols[0].rawValue); copy it with `proto tcp-server` for a second instance"
            )
        }
        let dynamicCount = UInt64(min(253, max(1, first.hostCount / 4)))
        let poolEnd = first.last.value - (first.length >= 31 ? 0 : 1)
        let poolStart = poolEnd - UInt32(dynamicCount - 1)
        let fixed = me.clients.filter { subnet.contains($0.address) }
        if fixed.contains(where: { $0.address.value >= poolStart }) {
            limits.append(
                "keep fixed client addresses out of the dynamic range \(IPv4Address(poolStart))–\(IPv4Address(poolEnd))"
            )
        }
        let accepted = Set(me.accepts.map(\.peer))
        let viaAccepted = me.internalRoutes.filter {
            if case .link(let peer) = $0.via { return accepted.contains(peer) } else { return false }
        }
        let serverConf = try Templates.render(
            "openvpn-server.conf",
            [
                "server": server, "lan": lan, "network": plan.network.description, "limits": limits,
                "port": protocols[0] == .udp ? inventory.port(of: entry) : inventory.tcpPort(of: entry),
                "proto": protocols[0] == .udp ? "udp" : "tcp-server",
                "tunnelAddress": me.tunnelAddress.description, "netmask": netmask(subnet),
                "routeGateway": IPv4Address(first.network.value &+ 2).description,
                "poolStart": IPv4Address(poolStart).description, "poolEnd": IPv4Address(poolEnd).description,
                "pushedRoutes": me.pushedRoutes.map(route), "routes": viaAccepted.map { route($0.prefix) },
                "ciphers": ciphers,
            ])
        var files = bundle.filter {
            ["ca.crt", "server.crt", "server.key", "tls-crypt.key", "crl.pem"].contains($0.name)
        }
        files.append(ServerBundle.File(name: "server.conf", text: serverConf, secret: false))
        for client in fixed {
            files.append(
                .init(
                    name: "ccd/\(try PathName(client.name, .client).text)",
                    text: "ifconfig-push \(client.address) \(netmask(subnet))\n",
                    secret: false))
        }
        for peer in accepted.sorted() {
            let iroutes = viaAccepted.filter { $0.via == .link(peer) }.map {
                "iroute \($0.prefix.network) \(netmask($0.prefix))"
            }
            let text =
                "# Peer server \(peer) dials \(server); these prefixes are behind it.\n"
                + iroutes.joined(separator: "\n") + "\n"
            let name = try PathName(peer, .server)
            files.append(.init(name: "ccd/\(Authority.serverNamePrefix)\(name.text)", text: text, secret: false))
        }
        for dial in me.dials {
            let remotes = dial.protocols.map { transport in
                [
                    "host": dial.endpoint.host, "port": String(transport == .udp ? dial.port : dial.tcpPort),
                    "proto": transport.rawValue,
                ]
            }
            let routes = me.internalRoutes.filter { $0.via == .link(dial.peer) }.map { route($0.prefix) }
            let text = try Templates.render(
                "openvpn-uplink.conf",
                [
                    "server": server, "peer": dial.peer, "lan": lan, "remotes": remotes, "routes": routes,
                    "ciphers": ciphers,
                ])
            files.append(.init(name: "uplink-\(try PathName(dial.peer, .server).text).conf", text: text, secret: false))
        }
        return files
    }
}
