// Profile: renders a member's `.ovpn` from templates/client.ovpn.mustache — everything inline
// (CA, certificate, key, tls-crypt key), remotes in the order a stock client should try them.

import LanCrypto
import LanInventory
import LanTemplates
import LanValues

/// A client profile's contents.
public enum Profile {
    /// One `remote HOST PORT PROTO` line.
    struct Remote {
        var host: String
        var port: Int
        var proto: String
    }

    /// The remote lines for a client of `home` with `fallback` servers: each server's
    /// transports in the inventory's order (UDP first by default).
    static func remotes(home: Server, fallback: [Server], inventory: Inventory) -> [Remote] {
        ([home] + fallback).flatMap { server -> [Remote] in
            guard let endpoint = server.endpoint?.value else { return [] }
            return inventory.protocols(of: server).map { transport in
                let port =
                    endpoint.port ?? (transport == .udp ? inventory.port(of: server) : inventory.tcpPort(of: server))
                return Remote(host: endpoint.host, port: port, proto: transport.rawValue)
            }
        }
    }

    /// The profile text for `client`.
    static func render(
        client: String, address: IPv4Address, home: Server, fallback: [Server], inventory: Inventory, lanName: String,
        authority: Authority, certificate: Certificate, key: PrivateKey
    ) throws -> String {
        let remotes = remotes(home: home, fallback: fallback, inventory: inventory).map {
            ["host": $0.host, "port": String($0.port), "proto": $0.proto]
        }
        let values: [String: Any] = [
            "client": client, "lan": lanName, "network": inventory.network.value.description,
            "server": home.name.value, "address": address.description, "remotes": remotes,
            "ciphers": inventory.defaults.ciphers.map(\.rawValue).joined(separator: ":"),
            "ca": try authority.certificate.pem(), "certificate": try certificate.pem(), "key": try key.pem(),
            "tlsCrypt": authority.tlsCrypt.text,
        ]
        return try Templates.render("client.ovpn", values)
    }
}
