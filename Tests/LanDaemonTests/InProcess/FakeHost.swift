// FakeHost: the in-memory ServerHost of in-process daemon tests — a ChannelTun behind the
// DaemonTun seam, sockets on a FakeInternet, a poller that reports every source ready on each
// wait (the seams' contracts allow it: an empty read returns 0), a settable clock, a recording
// route installer and host network; TCP listeners and streams from FakeStreams.swift.

import LanDaemon
import LanHost
import LanLinux
import LanProtocol
import LanRoutes
import LanTestKit
import LanValues
import Synchronization

/// A ChannelTun the daemon's loop can wait on.
final class FakeTun: DaemonTun, @unchecked Sendable {
    // @unchecked: ChannelTun is thread-safe; `channel` never changes.
    let channel: ChannelTun
    init(name: String) { channel = ChannelTun(name: name) }
    var name: String { channel.name }
    var offloadState: String { "none (in-memory)" }
    var pollHandle: PollHandle { .memory }
    func readPackets(into batch: PacketBatch) throws -> Int { try channel.readPackets(into: batch) }
    func writePackets(_ batch: PacketBatch, from start: Int) throws -> Int {
        try channel.writePackets(batch, from: start)
    }
    func close() { channel.close() }
}

/// Every registered source is ready on every wait; nothing ever blocks.
final class FakePoller: EventPoller {
    private(set) var tokens: [UInt64: PollEvents] = [:]
    func add(_ source: PollHandle, interest: PollEvents, token: UInt64) throws { tokens[token] = interest }
    func modify(_ source: PollHandle, interest: PollEvents, token: UInt64) throws { tokens[token] = interest }
    func remove(_ source: PollHandle) throws {}
    func forget(_ token: UInt64) { tokens[token] = nil }
    func close() throws {}
    func wait(timeoutMilliseconds: Int, _ handle: (PollEvent) throws -> Void) throws -> Int {
        let ready = tokens.sorted { $0.key < $1.key }
        for (token, interest) in ready { try handle(PollEvent(token: token, events: interest)) }
        return ready.count
    }
}

/// Simulated time shared by every daemon of a test.
final class TestClock: DaemonClock, @unchecked Sendable {
    // @unchecked: tests drive daemons from one thread.
    var elapsed: Duration = .seconds(1)
    /// Unix time at `elapsed == 0` (inside the test certificates' validity).
    let unixOrigin: Double = 1_796_000_000
    var unixTime: Double { unixOrigin + Double(elapsed.components.seconds) }
    func advance(by interval: Duration) { elapsed += interval }
}

/// Records what the daemon asked of the host's network.
final class RecordingHostNetwork: HostNetwork {
    private(set) var calls: [String] = []
    func configureTunnel(_ device: String, address: IPv4Address, prefixLength: Int, mtu: Int) throws {
        calls.append("tunnel \(device) \(address)/\(prefixLength) mtu \(mtu)")
    }
    func enableForwarding() throws { calls.append("forwarding") }
    func enableBroadcastForwarding(_ device: String) throws { calls.append("bc_forwarding \(device)") }
    func installMasquerade(_ masquerade: SiteMasquerade) throws { calls.append("masquerade \(masquerade.sites)") }
    func removeMasquerade() throws { calls.append("masquerade removed") }
    func installGuard(_ guard: HostGuard) throws { calls.append("guard \(`guard`.exposed)") }
    func removeGuard() throws { calls.append("guard removed") }
}

/// One host's fakes, kept so tests can look at them.
struct FakeHost {
    let tun: FakeTun
    let poller = FakePoller()
    let routes = RecordingRouteInstaller()
    let network = RecordingHostNetwork()
    let host: ServerHost

    init(address: IPv4Address, device: String, internet: FakeInternet, clock: TestClock) {
        let tun = FakeTun(name: device)
        self.tun = tun
        host = ServerHost(
            clock: clock, poller: poller, routes: routes, network: network, openTun: { _ in tun },
            bindUDP: { try internet.bind($0, host: address) },
            listenTCP: { internet.listen($0, host: address) },
            connectTCP: { try internet.connect(to: $0, from: address) })
    }
}
