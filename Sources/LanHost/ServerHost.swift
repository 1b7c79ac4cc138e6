// ServerHost: everything the operating system gives the server daemon, handed to
// `ServerDaemon.init` instead of built inside it: the clock, readiness (EventPoller), the TUN
// device, UDP sockets (the listener and each dialled link's), the TCP listener, kernel routes
// (RouteInstaller) and the host's network settings (HostNetwork: the tunnel interface,
// forwarding sysctls, the masquerade table). The real ones are built by the command line
// (LanCommands' LinuxHosts.swift); tests build them from in-memory fakes and run daemons in
// one process.

import LanRoutes
import LanValues

/// A TUN device the daemon's loop can wait on.
public protocol DaemonTun: TunDevice, Pollable {
    /// What the device does about offloads, for the start-up log line.
    var offloadState: String { get }
}

/// A UDP socket the daemon's loop can wait on.
public protocol DaemonSocket: PacketLink, Pollable {}

/// A TCP stream the daemon's loop can wait on (LinuxTCPStream's contract).
public protocol DaemonStream: AnyObject, Pollable {
    /// Reads what is waiting: the byte count (> 0), 0 when nothing waits, nil once the peer
    /// ended the stream. A reset stream throws.
    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int?
    /// Writes what the stream takes now; 0 when it would block. A broken stream throws.
    func write(_ bytes: UnsafeRawBufferPointer) throws -> Int
    /// Ends the sending side (the peer reads end of stream once it has read what was written).
    func shutdownWrite() throws
    /// Closes the stream. Idempotent.
    func close() throws
}

/// A TCP listener the daemon's loop can wait on.
public protocol DaemonStreamListener: AnyObject, Pollable {
    var localEndpoint: IPv4Endpoint { get }
    /// The next waiting stream and its peer, or nil when none waits.
    func acceptStream() throws -> (stream: any DaemonStream, peer: IPv4Endpoint)?
    func close() throws
}

/// The daemon's clock: monotonic time for timers, and Unix time for what leaves the process.
public protocol DaemonClock: AnyObject, Sendable {
    /// Time since an arbitrary origin, below the millisecond; never runs backwards.
    var elapsed: Duration { get }
    /// Seconds since 1970 (certificates' validity, LSA sequence numbers, status).
    var unixTime: Double { get }
}

extension DaemonClock {
    /// `elapsed` in the protocol's millisecond timestamps.
    public var now: Timestamp { Timestamp(sinceOrigin: elapsed) }
}

/// The host's network settings the daemon changes at start, reload and exit.
public protocol HostNetwork: AnyObject {
    /// Gives the tunnel device its address and MTU, and sets it up.
    func configureTunnel(_ device: String, address: IPv4Address, prefixLength: Int, mtu: Int) throws
    /// Turns on IPv4 forwarding (`net.ipv4.ip_forward`).
    func enableForwarding() throws
    /// Lets directed broadcasts from `device` into the site LANs (`bc_forwarding`).
    func enableBroadcastForwarding(_ device: String) throws
    /// Installs (replacing) lanstitch's masquerade table.
    func installMasquerade(_ masquerade: SiteMasquerade) throws
    /// Deletes lanstitch's masquerade table if it is there.
    func removeMasquerade() throws
    /// Installs (replacing) the table that keeps members off the host (HostGuard).
    func installGuard(_ guard: HostGuard) throws
    /// Deletes that table if it is there.
    func removeGuard() throws
}

/// The operating system as `lanstitch up` (ClientDaemon) sees it. Each connection attempt
/// makes its own poller and route installer, and opens the TUN device once configured.
public struct ClientHost {
    public var clock: any DaemonClock
    public var makePoller: () throws -> any EventPoller
    public var makeRoutes: () throws -> any RouteInstaller
    public var network: any HostNetwork
    public var openTun: (String) throws -> any DaemonTun
    public var bindUDP: (IPv4Endpoint) throws -> any DaemonSocket
    /// Opens a TCP stream to the server (waiting for the connect: the client has nothing else to do).
    public var connectTCP: (IPv4Endpoint) throws -> any DaemonStream
    /// Resolves each remote's host at each attempt.
    public var resolve: Resolver

    public init(
        clock: any DaemonClock, makePoller: @escaping () throws -> any EventPoller,
        makeRoutes: @escaping () throws -> any RouteInstaller, network: any HostNetwork,
        openTun: @escaping (String) throws -> any DaemonTun,
        bindUDP: @escaping (IPv4Endpoint) throws -> any DaemonSocket,
        connectTCP: @escaping (IPv4Endpoint) throws -> any DaemonStream,
        resolve: @escaping Resolver = { IPv4Address($0) }
    ) {
        self.resolve = resolve
        self.clock = clock
        self.makePoller = makePoller
        self.makeRoutes = makeRoutes
        self.network = network
        self.openTun = openTun
        self.bindUDP = bindUDP
        self.connectTCP = connectTCP
    }
}

/// A host that cannot do what it was asked (a fake without that part, or a refusal the host
/// explains in words).
public struct HostError: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}

/// Turns a host name into an IPv4 address: dotted-quad text as it is, else the resolver's first
/// IPv4 answer; nil when there is none.
public typealias Resolver = (String) -> IPv4Address?

/// The operating system as the server daemon sees it.
public struct ServerHost {
    public var clock: any DaemonClock
    public var poller: any EventPoller
    public var routes: any RouteInstaller
    public var network: any HostNetwork
    /// Opens (creates) the TUN device of that name.
    public var openTun: (String) throws -> any DaemonTun
    /// Binds a UDP socket (port 0: any free port, as a dialled link's).
    public var bindUDP: (IPv4Endpoint) throws -> any DaemonSocket
    /// Binds the TCP listener.
    public var listenTCP: (IPv4Endpoint) throws -> any DaemonStreamListener
    /// Opens a TCP stream to a peer server (a dialled link), without waiting for the connect.
    public var connectTCP: (IPv4Endpoint) throws -> any DaemonStream
    /// Resolves a peer server's endpoint host at each attempt.
    public var resolve: Resolver
    /// Listens on the control socket at the path (`lanstitch status`); its streams' peer is
    /// `IPv4Endpoint.unspecified`.
    public var listenControl: (String) throws -> any DaemonStreamListener
    /// Listens for /metrics scrapes at the endpoint.
    public var listenMetrics: (IPv4Endpoint) throws -> any DaemonStreamListener

    public init(
        clock: any DaemonClock, poller: any EventPoller, routes: any RouteInstaller, network: any HostNetwork,
        openTun: @escaping (String) throws -> any DaemonTun,
        bindUDP: @escaping (IPv4Endpoint) throws -> any DaemonSocket,
        listenTCP: @escaping (IPv4Endpoint) throws -> any DaemonStreamListener,
        connectTCP: @escaping (IPv4Endpoint) throws -> any DaemonStream,
        resolve: @escaping Resolver = { IPv4Address($0) },
        listenControl: @escaping (String) throws -> any DaemonStreamListener = { _ in
            throw HostError("this host has no control socket")
        },
        listenMetrics: @escaping (IPv4Endpoint) throws -> any DaemonStreamListener = { _ in
            throw HostError("this host serves no metrics")
        }
    ) {
        self.resolve = resolve
        self.listenControl = listenControl
        self.listenMetrics = listenMetrics
        self.clock = clock
        self.poller = poller
        self.routes = routes
        self.network = network
        self.openTun = openTun
        self.bindUDP = bindUDP
        self.listenTCP = listenTCP
        self.connectTCP = connectTCP
    }
}
