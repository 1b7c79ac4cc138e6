// LinuxServerHost: the real ServerHost — /dev/net/tun, UDP and TCP sockets, epoll, netlink
// routes, /proc/sys and the `nft` command. Everything here needs root and a network namespace.

import Foundation
import LanLinux
import LanNetlink
import LanProtocol
import LanValues

extension LinuxTun: DaemonTun {}
extension LinuxUDPSocket: DaemonSocket {}
extension LinuxTCPStream: DaemonStream {}

extension LinuxTCPListener: DaemonStreamListener {
    public func acceptStream() throws -> (stream: any DaemonStream, peer: IPv4Endpoint)? {
        try accept().map { ($0.stream, $0.peer) }
    }
}

/// The monotonic and wall clocks of the process.
final class SystemClock: DaemonClock {
    private let origin = ContinuousClock.now
    var elapsed: Duration { ContinuousClock.now - origin }
    var unixTime: Double { Date().timeIntervalSince1970 }
}

/// The host's interfaces, sysctls and nftables.
final class LinuxHostNetwork: HostNetwork {
    func configureTunnel(_ device: String, address: IPv4Address, prefixLength: Int, mtu: Int) throws {
        let control = try InterfaceControl()
        defer { try? control.close() }
        try control.setIPv4Address(address, prefixLength: prefixLength, of: device)
        try control.setMTU(mtu, of: device)
        try control.setUp(true, device)
    }

    func enableForwarding() throws {
        try "1\n".write(toFile: "/proc/sys/net/ipv4/ip_forward", atomically: false, encoding: .utf8)
    }

    func enableBroadcastForwarding(_ device: String) throws {
        // Both flags must be set for directed broadcasts from the tunnel into the site LANs.
        for scope in ["all", device] {
            try "1\n".write(
                toFile: "/proc/sys/net/ipv4/conf/\(scope)/bc_forwarding", atomically: false, encoding: .utf8)
        }
    }

    func installMasquerade(_ masquerade: SiteMasquerade) throws { try masquerade.install() }

    func removeMasquerade() throws { try SiteMasquerade.remove() }
}

extension ClientHost {
    /// The real host: the calling process's network namespace.
    public static func linux() -> ClientHost {
        ClientHost(
            clock: SystemClock(), makePoller: { try Poller() }, makeRoutes: { try NetlinkRouteInstaller() },
            network: LinuxHostNetwork(),
            openTun: { try LinuxTun(name: $0, offload: DaemonEnvironment.tunOffload) },
            bindUDP: { try LinuxUDPSocket(binding: $0) })
    }
}

extension ServerHost {
    /// The real host: the calling process's network namespace.
    public static func linux() throws -> ServerHost {
        ServerHost(
            clock: SystemClock(), poller: try Poller(), routes: try NetlinkRouteInstaller(),
            network: LinuxHostNetwork(),
            openTun: { try LinuxTun(name: $0, offload: DaemonEnvironment.tunOffload) },
            bindUDP: { try LinuxUDPSocket(binding: $0) }, listenTCP: { try LinuxTCPListener(binding: $0) },
            connectTCP: { try LinuxTCPStream(startingConnectionTo: $0) })
    }
}
