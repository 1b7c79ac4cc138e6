// LinuxHosts: the real ServerHost and ClientHost — /dev/net/tun, UDP and TCP sockets, epoll,
// netlink routes, /proc/sys and the `nft` command — built here, at the edge, and handed to the
// daemons (which build no OS handle themselves). Everything here needs root and a network
// namespace. LANSTITCH_TUN_OFFLOAD=0 opens the TUN device without TSO/checksum offload (one
// packet per read and write), to compare, or on a kernel that misbehaves.

import Foundation
import LanDaemon
import LanHost
import LanLinux
import LanNetlink
import LanProtocol
import LanStatus
import LanValues

extension LinuxTun: DaemonTun {}
extension LinuxUDPSocket: DaemonSocket {}
extension LinuxTCPStream: DaemonStream {}

extension LinuxTCPListener: DaemonStreamListener {
    public func acceptStream() throws -> (stream: any DaemonStream, peer: IPv4Endpoint)? {
        try accept().map { ($0.stream, $0.peer) }
    }
}

extension LinuxUnixListener: DaemonStreamListener {
    /// A Unix socket has no IPv4 endpoint.
    public var localEndpoint: IPv4Endpoint { .unspecified }

    public func acceptStream() throws -> (stream: any DaemonStream, peer: IPv4Endpoint)? {
        try accept().map { ($0, .unspecified) }
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

    func installMasquerade(_ masquerade: SiteMasquerade) throws {
        try Self.nft(masquerade.ruleset, doing: "install the masquerade rules")
    }

    func removeMasquerade() throws { try Self.nft(SiteMasquerade.removal, doing: "remove the masquerade rules") }

    func installGuard(_ guard: HostGuard) throws {
        try Self.nft(`guard`.ruleset, doing: "install the rules that keep members off this host")
    }

    func removeGuard() throws { try Self.nft(HostGuard.removal, doing: "remove the host guard rules") }

    /// Runs `nft -f -` with `input`; throws with nft's own message when it fails.
    static func nft(_ input: String, doing what: String) throws {
        guard
            let path = ["/usr/sbin/nft", "/sbin/nft", "/usr/bin/nft"].first(where: FileManager.default.isExecutableFile)
        else {
            throw DaemonError("cannot \(what): nft is not installed (Debian: apt install nftables)")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = ["-f", "-"]
        let stdin = Pipe()
        let stderr = Pipe()
        process.standardInput = stdin
        process.standardError = stderr
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        stdin.fileHandleForWriting.write(Data(input.utf8))
        try stdin.fileHandleForWriting.close()
        process.waitUntilExit()
        let message = String(decoding: stderr.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        guard process.terminationStatus == 0 else {
            throw DaemonError("cannot \(what): nft said: \(message.trimmingCharacters(in: .whitespacesAndNewlines))")
        }
    }
}

enum LinuxHosts {
    /// False when LANSTITCH_TUN_OFFLOAD is "0" (offload is on by default).
    static var tunOffload: Bool { ProcessInfo.processInfo.environment["LANSTITCH_TUN_OFFLOAD"] != "0" }

    /// The server's host: the calling process's network namespace.
    static func server() throws -> ServerHost {
        ServerHost(
            clock: SystemClock(), poller: try Poller(), routes: try NetlinkRouteInstaller(),
            network: LinuxHostNetwork(), openTun: { try LinuxTun(name: $0, offload: tunOffload) },
            bindUDP: { try LinuxUDPSocket(binding: $0) }, listenTCP: { try LinuxTCPListener(binding: $0) },
            connectTCP: { try LinuxTCPStream(startingConnectionTo: $0) }, resolve: LinuxResolver.resolve,
            listenControl: controlListener, listenMetrics: { try LinuxTCPListener(binding: $0, backlog: 16) })
    }

    /// The control socket at `path`; a socket another live server holds is said in words.
    static func controlListener(_ path: String) throws -> any DaemonStreamListener {
        do {
            return try LinuxUnixListener(path: path)
        } catch  where error.code == EADDRINUSE {
            throw HostError("another lanstitch server is serving it")
        }
    }

    /// What this process costs now, from /proc (for /metrics).
    @Sendable static func processSample() -> ProcessSample? {
        ProcessStatistics.read().map {
            ProcessSample(
                residentBytes: $0.residentBytes, cpuSeconds: $0.cpuSeconds, startTime: $0.startTime,
                openDescriptors: $0.openDescriptors)
        }
    }

    /// `lanstitch up`'s host: the calling process's network namespace. Its TCP connect waits.
    static func client() -> ClientHost {
        ClientHost(
            clock: SystemClock(), makePoller: { try Poller() }, makeRoutes: { try NetlinkRouteInstaller() },
            network: LinuxHostNetwork(), openTun: { try LinuxTun(name: $0, offload: tunOffload) },
            bindUDP: { try LinuxUDPSocket(binding: $0) }, connectTCP: { try LinuxTCPStream(connectingTo: $0) },
            resolve: LinuxResolver.resolve)
    }
}
