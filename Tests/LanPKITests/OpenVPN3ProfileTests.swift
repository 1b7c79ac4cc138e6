// What OpenVPN Connect (OpenVPN 3 core) accepts: every profile `lanstitch client add` writes for
// the example inventories, and every client template, holds no option OpenVPN 3 refuses; every
// route a server pushes (its plan's pushed routes, in server.yaml, in the PUSH_REPLY the daemon
// sends and in the stock export's `push "route …"` lines) is a canonical network. The checker's
// own cases show it flags what it should.

import Foundation
import LanPKI
import LanPlan
import LanState
import LanTemplates
import LanTestKit
import LanWire
import Testing

/// The example inventories under inventory/.
let exampleInventories = ["gaming", "global", "office"]

@Suite(.serialized) struct OpenVPN3ProfileTests {
    @Test func everyGeneratedProfileIsAccepted() throws {
        for name in exampleInventories {
            let lan = try ExampleLAN(name)
            defer { lan.remove() }
            let inventory = lan.workspace.inventory
            var profiles = try inventory.clients.map {
                (
                    $0.name.value,
                    try ClientRegistry.add(
                        $0.name.value, server: $0.server.value, workspace: lan.workspace, now: 1_795_000_000
                    ).profile
                )
            }
            let server = try #require(inventory.servers.first).name.value
            profiles.append(
                (
                    "adhoc",
                    try ClientRegistry.add("adhoc", server: server, workspace: lan.workspace, now: 1_795_000_000)
                        .profile
                ))
            for (client, profile) in profiles {
                #expect(OpenVPN3ProfileCheck.problems(profile) == [], "\(name).yaml, \(client).ovpn")
                // The ones it ignores are known and harmless (it logs a note for each).
                #expect(
                    Set(OpenVPN3ProfileCheck.ignored(profile)).isSubset(of: [
                        "persist-tun", "resolv-retry", "data-ciphers", "nobind", "verb",
                    ]))
            }
        }
    }

    @Test func everyClientTemplateIsAccepted() throws {
        let clientTemplates = try Templates.names.filter { name in
            try OpenVPN3ProfileCheck.findings(Templates.source(name)).contains { $0.option == "client" }
        }
        // The member profile and the stock uplink client; a new client template joins on its own.
        #expect(Set(["client.ovpn", "openvpn-uplink.conf"]).isSubset(of: Set(clientTemplates)))
        for name in clientTemplates {
            #expect(OpenVPN3ProfileCheck.problems(try Templates.source(name)) == [], "templates/\(name).mustache")
        }
    }

    @Test func everyPushedRouteIsCanonical() throws {
        for name in exampleInventories {
            let lan = try ExampleLAN(name)
            defer { lan.remove() }
            let planned = try lan.workspace.plan()
            for server in planned.plan.servers {
                let where_ = "\(name).yaml, server \(server.name)"
                // What server.yaml carries for the daemon (which drops a route it cannot parse).
                let texts = PlanJSON.server(server).pushed_routes
                #expect(!texts.isEmpty, "\(where_) pushes no route")
                #expect(texts.compactMap(OpenVPN3ProfileCheck.prefixProblem) == [], "\(where_): server.yaml")
                // The PUSH_REPLY options those become.
                var reply = PushReply()
                reply.routes = server.pushedRoutes.map(PushedRoute.init)
                #expect(OpenVPN3ProfileCheck.routeProblems(reply.options) == [], "\(where_): PUSH_REPLY")
                // The stock server of `export openvpn`.
                let files = try OpenVPNExport.files(
                    server.name, workspace: lan.workspace, plan: planned.plan, book: planned.book)
                let conf = try #require(files.first { $0.name == "server.conf" }).text
                let lines = conf.split(separator: "\n").map(String.init)
                #expect(lines.contains { $0.hasPrefix("push \"route ") }, "\(where_): export pushes no route")
                #expect(OpenVPN3ProfileCheck.routeProblems(lines) == [], "\(where_): export server.conf")
            }
        }
    }

    @Test func theCheckerFlagsWhatOpenVPN3Refuses() {
        let base = "client\ndev tun\nremote 192.0.2.1 1194 udp\n<ca>\nCA\n</ca>\n"
        let refused = [
            ("push \"route 10.0.0.0 255.0.0.0\"", "push: server-only option"),
            ("ifconfig 10.0.0.2 255.255.0.0", "ifconfig: allowed only when pushed by the server"),
            ("route-gateway 10.0.0.1", "route-gateway: allowed only when pushed by the server"),
            ("fragment 1300", "fragment: fragment is not supported"),
            ("secret static.key", "secret: static-key mode is not supported"),
            ("management 127.0.0.1 7505", "management: management interface is not supported"),
            ("mode server", "mode: only 'mode p2p' is supported"),
            ("log /var/log/ovpn.log", "log: not implemented, not safe to ignore"),
            ("ncp-disable", "ncp-disable: removed option"),
            ("frobnicate yes", "frobnicate: unknown option (nothing parses it)"),
        ]
        for (line, reason) in refused {
            #expect(OpenVPN3ProfileCheck.problems(base + line + "\n") == ["line 7: \(reason)"], "\(line)")
        }
        #expect(OpenVPN3ProfileCheck.problems("dev tun\n") == ["no 'client' line: client mode only"])
        // Inline blocks are one option each; their contents are not options.
        #expect(OpenVPN3ProfileCheck.problems(base + "<tls-crypt>\nping 5\n</tls-crypt>\n") == [])
        #expect(
            OpenVPN3ProfileCheck.ignored(base + "persist-tun\nkeepalive 10 60\nmode p2p\n") == [
                "persist-tun", "keepalive",
            ])
        #expect(
            OpenVPN3ProfileCheck.routeProblems(["route 10.1.2.3 255.255.0.0"]) == [
                "route 10.1.2.3 255.255.0.0: host bits set (the network is 10.1.0.0)"
            ])
        #expect(
            OpenVPN3ProfileCheck.routeProblems(["push \"route 10.0.0.0 255.0.255.0\""]) == [
                "route 10.0.0.0 255.0.255.0: netmask not contiguous"
            ])
        #expect(
            OpenVPN3ProfileCheck.prefixProblem("10.44.0.20/16")
                == "route 10.44.0.20 255.255.0.0: host bits set (the network is 10.44.0.0)")
        #expect(OpenVPN3ProfileCheck.prefixProblem("10.44.0.0/16") == nil)
    }
}
