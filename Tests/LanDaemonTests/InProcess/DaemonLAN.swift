// DaemonLAN: a whole LAN of ServerDaemons in one process — real bundles (real certificates,
// TLS and tls-crypt) from a test inventory, each daemon on a FakeHost, all on one FakeInternet
// and one TestClock. `run(for:)` moves simulated time in steps and lets every daemon take its
// loop turns, so seconds of link timers take milliseconds and nothing needs root.

import Foundation
import LanDaemon
import LanForwarding
import LanLinux
import LanPKI
import LanState
import LanTestKit
import LanValues
import Synchronization

@testable import LanDaemon

/// Log lines of every daemon, for failure messages (tests check state, not log text).
final class LogLines: Sendable {
    let lines = Mutex<[String]>([])
    func append(_ line: String) { lines.withLock { $0.append(line) } }
    var all: [String] { lines.withLock { $0 } }
}

final class DaemonLAN {
    let lan: ExampleLAN
    let internet = FakeInternet()
    let clock = TestClock()
    let log = LogLines()
    private(set) var daemons: [String: ServerDaemon] = [:]
    private(set) var hosts: [String: FakeHost] = [:]
    private(set) var underlay: [String: IPv4Address] = [:]

    /// Bundles and starts every server of `yaml` (UDP-only: `defaults: { protocols: [udp] }`).
    init(_ yaml: String) throws {
        lan = try ExampleLAN(name: "inprocess", text: yaml)
        let planned = try lan.workspace.plan()
        for server in planned.plan.servers {
            let folder = lan.folder + "/bundle-\(server.name)"
            let files = try ServerBundle.files(
                server.name, workspace: lan.workspace, plan: planned.plan, book: planned.book)
            try ServerBundle.write(files, to: folder)
            let configuration = try DaemonConfiguration.load(folder + "/server.yaml")
            guard let address = IPv4Address(server.endpoint?.host ?? "") else {
                throw DaemonError("\(server.name) needs an IPv4 endpoint in the test inventory")
            }
            let host = FakeHost(address: address, device: server.device, internet: internet, clock: clock)
            let log = self.log
            let name = server.name
            daemons[name] = try ServerDaemon(
                configuration: configuration, host: host.host, log: { log.append("\(name): \($0)") })
            hosts[name] = host
            underlay[name] = address
        }
    }

    deinit { lan.remove() }

    func daemon(_ name: String) -> ServerDaemon { daemons[name]! }
    func tun(_ name: String) -> ChannelTun { hosts[name]!.tun.channel }

    /// Moves time forward by `duration` in `step`s; every daemon takes two turns per step.
    func run(for duration: Duration, step: Duration = .milliseconds(10)) throws {
        let end = clock.elapsed + duration
        while clock.elapsed < end {
            for _ in 0..<2 {
                for name in daemons.keys.sorted() { try daemons[name]!.turn(waitingAtMost: 0) }
            }
            clock.advance(by: step)
        }
    }

    /// Runs until `condition` holds (checked every step), at most `limit`; returns whether it held.
    @discardableResult
    func run(until condition: () -> Bool, within limit: Duration, step: Duration = .milliseconds(10)) throws -> Bool {
        let end = clock.elapsed + limit
        while clock.elapsed < end {
            if condition() { return true }
            try run(for: step, step: step)
        }
        return condition()
    }

    /// True when every daemon routes with no failed link (link state exchanged, re-planned).
    var everyLinkRouted: Bool { daemons.values.allSatisfy { $0.liveState?.failed.isEmpty == true } }

    /// The state of `server`'s link to `peer` in its status ("up", "connecting", "down").
    func linkState(_ server: String, _ peer: String) -> String? {
        daemon(server).status().links.first { $0.peer == peer }?.state.rawValue
    }
}

/// An IPv4 packet from `source` to `destination` (LanTestKit's makePacket).
func ipPacket(from source: IPv4Address, to destination: IPv4Address, ttl: UInt8 = 64, payload: [UInt8]) -> [UInt8] {
    makePacket(source: source, destination: destination, ttl: ttl, payload: payload)
}
