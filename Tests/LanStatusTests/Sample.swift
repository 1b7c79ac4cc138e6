// A sample live view of hongkong (gaming.yaml) shared by the rendering tests.

import LanStatus

enum Sample {
    static let traffic = Traffic(bytesIn: 1_234_567, bytesOut: 2048, packetsIn: 900, packetsOut: 12)

    static func hongkong(linkState: LinkStatus.State = .up) -> ServerStatus {
        ServerStatus(
            time: 1_000_000,
            server: ServerInfo(
                name: "hongkong", lan: "gaming", tunnelAddress: "10.249.0.1", version: "0.1.0",
                started: 1_000_000 - 3725,
                listen: ["udp 0.0.0.0:1194", "tcp 0.0.0.0:1194"], control: "/run/lanstitch/hongkong.sock",
                metrics: "10.249.0.1:9217"),
            links: [
                LinkStatus(
                    peer: "hangzhou", direction: .dials, state: linkState, since: 1_000_000 - 125, rttSeconds: 0.0384,
                    loss: 0.05, probesSent: 20, probesAnswered: 19, traffic: traffic, cipher: "AES-256-GCM",
                    endpoint: "udp 203.0.113.10:1194", lastError: linkState == .up ? nil : "no PUSH_REPLY within 10 s")
            ],
            clients: [
                ClientStatus(
                    name: "alice", address: "10.249.0.2", endpoint: "198.51.100.101:55783", transport: "udp",
                    cipher: "CHACHA20-POLY1305", since: 1_000_000 - 45, traffic: traffic, spoofed: 0)
            ],
            routes: RouteSummary(
                clients: 2, site: 0, link: 2, unreachable: 0, kernelRoutes: 2, reconciliations: 1,
                lastReconcile: 1_000_000 - 3725, lastChanges: 2),
            drops: [
                DropCount(reason: "front door: not an authentic hard reset", count: 7),
                DropCount(reason: "data: replay", count: 2),
            ],
            handshakes: HandshakeCounts(accepted: 3, refused: 1, sessionsOpened: 5, sessionsClosed: 2, linkFailures: 1))
    }

    static func hangzhou() -> ServerStatus {
        var view = hongkong()
        view.server.name = "hangzhou"
        view.server.tunnelAddress = "10.251.0.1"
        view.links = [
            LinkStatus(
                peer: "hongkong", direction: .accepts, state: .up, since: 999_900, rttSeconds: 0.0402, loss: nil,
                probesSent: 3, probesAnswered: 3, traffic: traffic, cipher: "AES-256-GCM",
                endpoint: "udp 198.51.100.20:40001", lastError: nil)
        ]
        view.clients = []
        return view
    }
}
