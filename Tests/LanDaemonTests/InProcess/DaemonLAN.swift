// DaemonLAN: a whole LAN of ServerDaemons in one process — real bundles (real certificates,
// TLS and tls-crypt) from a test inventory, each daemon on a FakeHost, all on one FakeInternet
// and one TestClock. `run(for:)` moves simulated time in steps and lets every daemon take its
// loop turns, so seconds of link timers take milliseconds and nothing needs root.

import Foundation
import LanForwarding
import LanHost
import LanLinux
import LanPKI
import LanProfile
import LanState
import LanTestKit
import LanValues
import LanWire
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
    /// Members running `lanstitch up`'s client (ClientDaemon) on fake hosts, by name.
    private(set) var members: [String: Member] = [:]

    /// One member: its client daemon, its current connection attempt and its fakes.
    final class Member {
        let daemon: ClientDaemon
        let tun: FakeTun
        let network: RecordingHostNetwork
        let routes: RecordingRouteInstaller
        var connection: ClientConnection?
        /// How the last attempt ended, if it did.
        var outcome: String?
        init(daemon: ClientDaemon, tun: FakeTun, network: RecordingHostNetwork, routes: RecordingRouteInstaller) {
            self.daemon = daemon
            self.tun = tun
            self.network = network
            self.routes = routes
        }
        /// The address and prefix the member's TUN device was given ("10.44.0.20/13").
        var interface: String? {
            network.calls.last { $0.hasPrefix("tunnel ") }.map { String($0.split(separator: " ")[2]) }
        }
    }

    /// Bundles and starts every server of `yaml` (UDP-only: `defaults: { protocols: [udp] }`),
    /// and connects each of `members` (clients of the inventory) to its home server.
    /// `renegotiateSeconds` sets every member's `reneg-sec`.
    /// `serverKeyLifetime` is every server's renegotiation interval, `serverRenegotiationPacketID`
    /// the packet id at which its keys are renegotiated (lowered so a test crosses it).
    init(
        _ yaml: String, members memberNames: [String] = [], renegotiateSeconds: Int? = nil,
        serverKeyLifetime: Duration = .seconds(3240),
        serverRenegotiationPacketID: UInt32 = DataHeader.packetIDWrapTrigger
    ) throws {
        lan = try ExampleLAN(name: "inprocess", text: yaml)
        var profiles: [String: ClientProfile] = [:]
        for (index, name) in memberNames.enumerated() {
            guard let home = lan.workspace.inventory.clients.first(where: { $0.name.value == name })?.server.value
            else {
                throw DaemonError("\(name) is not a client of the test inventory")
            }
            let added = try ClientRegistry.add(name, server: home, workspace: lan.workspace, now: 1_795_000_100)
            profiles[name] = try ClientProfileParser.parse(added.profile, file: "\(name).ovpn") { _ in nil }
            if let renegotiateSeconds { profiles[name]?.renegotiateSeconds = renegotiateSeconds }
            underlay["member \(name)"] = IPv4Address(192, 0, 2, UInt8(100 + index))
        }
        let planned = try lan.workspace.plan()
        for server in planned.plan.servers {
            let folder = try bundle(server.name, workspace: lan.workspace, planned: planned)
            let configuration = try DaemonConfiguration.load(folder + "/server.yaml")
            guard let address = IPv4Address(server.endpoint?.host ?? "") else {
                throw DaemonError("\(server.name) needs an IPv4 endpoint in the test inventory")
            }
            let host = FakeHost(address: address, device: server.device, internet: internet, clock: clock)
            let log = self.log
            let name = server.name
            daemons[name] = try ServerDaemon(
                configuration: configuration, host: host.host, log: { log.append("\(name): \($0)") },
                keyLifetime: serverKeyLifetime, renegotiationPacketID: serverRenegotiationPacketID)
            hosts[name] = host
            underlay[name] = address
        }
        for name in memberNames {
            let tun = FakeTun(name: ClientDaemon.device)
            let address = underlay["member \(name)"]!
            let internet = self.internet
            let log = self.log
            let network = RecordingHostNetwork()
            let routes = RecordingRouteInstaller()
            let host = ClientHost(
                clock: clock, makePoller: { FakePoller() }, makeRoutes: { routes }, network: network,
                openTun: { _ in tun },
                bindUDP: { try internet.bind($0, host: address) },
                connectTCP: { try internet.connect(to: $0, from: address) })
            let daemon = try ClientDaemon(profile: profiles[name]!, host: host, log: { log.append("\(name): \($0)") })
            members[name] = Member(daemon: daemon, tun: tun, network: network, routes: routes)
            try connect(name)
        }
    }

    /// Starts a new attempt of `member` to the first remote of its profile.
    func connect(_ name: String) throws {
        let member = members[name]!
        let remote = member.daemon.profile.remotes[0]
        let server = IPv4Endpoint(address: IPv4Address(remote.host)!, port: UInt16(remote.port))
        member.connection = try ClientConnection(daemon: member.daemon, server: server, transport: remote.transport)
        member.outcome = nil
    }

    deinit { lan.remove() }

    /// Writes `server`'s bundle (again) into its folder; returns the folder.
    @discardableResult
    func bundle(_ server: String, workspace: Workspace, planned: Workspace.Planned) throws -> String {
        let folder = lan.folder + "/bundle-\(server)"
        let files = try ServerBundle.files(server, workspace: workspace, plan: planned.plan, book: planned.book)
        try ServerBundle.write(files, to: folder)
        return folder
    }

    /// Rewrites the inventory with `change`, plans and bundles every server again, and reloads
    /// each daemon as SIGHUP does.
    func reloadAll(changing change: (String) -> String = { $0 }) throws {
        let path = lan.folder + "/inprocess.yaml"
        let text = try String(contentsOfFile: path, encoding: .utf8)
        try change(text).write(toFile: path, atomically: true, encoding: .utf8)
        let workspace = try Workspace.open(path)
        let planned = try workspace.plan()
        for name in daemons.keys.sorted() {
            try bundle(name, workspace: workspace, planned: planned)
            daemons[name]!.reload()
        }
    }

    func daemon(_ name: String) -> ServerDaemon { daemons[name]! }
    func tun(_ name: String) -> ChannelTun { hosts[name]!.tun.channel }

    /// Moves time forward by `duration` in `step`s; every daemon takes two turns per step.
    func run(for duration: Duration, step: Duration = .milliseconds(10)) throws {
        let end = clock.elapsed + duration
        while clock.elapsed < end {
            for _ in 0..<2 {
                for name in daemons.keys.sorted() { try daemons[name]!.turn(waitingAtMost: 0) }
                for name in members.keys.sorted() {
                    let member = members[name]!
                    guard let connection = member.connection else { continue }
                    if let ended = try connection.turn(waitingAtMost: 0) {
                        member.outcome = "\(ended)"
                        connection.tearDown()
                        member.connection = nil
                    }
                }
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

    /// True when every member has its tunnel configured (PUSH_REPLY applied).
    var everyMemberConnected: Bool { members.values.allSatisfy { $0.connection?.data != nil } }

    /// True when every daemon routes with no failed link (link state exchanged, re-planned).
    var everyLinkRouted: Bool { daemons.values.allSatisfy { $0.router.failedLinks?.isEmpty == true } }

    /// The state of `server`'s link to `peer` in its status ("up", "connecting", "down").
    func linkState(_ server: String, _ peer: String) -> String? {
        daemon(server).status().links.first { $0.peer == peer }?.state.rawValue
    }
}

/// An IPv4 packet from `source` to `destination` (LanTestKit's makePacket).
func ipPacket(from source: IPv4Address, to destination: IPv4Address, ttl: UInt8 = 64, payload: [UInt8]) -> [UInt8] {
    makePacket(source: source, destination: destination, ttl: ttl, payload: payload)
}
