// ServerStatus: the live view of one server that `lanstitch status`, the control socket and
// /metrics share (schema lanstitch.status/v1, docs/status.md) — the server itself, its links,
// its clients, the routes it holds, drops by reason and handshake counters. A plain value: the
// daemon fills it from counters it already keeps, only when asked.

/// One server's live view at `time`.
public struct ServerStatus: Codable, Equatable, Sendable {
    public static let schema = "lanstitch.status/v1"

    public var schema = ServerStatus.schema
    /// When the view was taken (Unix seconds); every `since` is on the same clock.
    public var time: Double
    public var server: ServerInfo
    public var links: [LinkStatus]
    public var clients: [ClientStatus]
    public var routes: RouteSummary
    /// Drops by reason, most frequent first.
    public var drops: [DropCount]
    public var handshakes: HandshakeCounts

    public init(
        time: Double, server: ServerInfo, links: [LinkStatus], clients: [ClientStatus], routes: RouteSummary,
        drops: [DropCount], handshakes: HandshakeCounts
    ) {
        self.time = time
        self.server = server
        self.links = links
        self.clients = clients
        self.routes = routes
        self.drops = drops
        self.handshakes = handshakes
    }
}

/// The server itself.
public struct ServerInfo: Codable, Equatable, Sendable {
    public var name: String
    /// The LAN's name (the inventory's).
    public var lan: String
    public var tunnelAddress: String
    public var version: String
    /// When the daemon started (Unix seconds).
    public var started: Double
    /// Listening sockets, e.g. "udp 0.0.0.0:1194".
    public var listen: [String]
    /// The control socket's path and the metrics endpoint, when serving.
    public var control: String?
    public var metrics: String?

    public init(
        name: String, lan: String, tunnelAddress: String, version: String, started: Double, listen: [String],
        control: String?, metrics: String?
    ) {
        self.name = name
        self.lan = lan
        self.tunnelAddress = tunnelAddress
        self.version = version
        self.started = started
        self.listen = listen
        self.control = control
        self.metrics = metrics
    }
}

/// Packets and bytes each way (bytes are the tunnelled IP packets, without OpenVPN overhead).
public struct Traffic: Codable, Equatable, Sendable {
    public var bytesIn: Int
    public var bytesOut: Int
    public var packetsIn: Int
    public var packetsOut: Int

    public init(bytesIn: Int, bytesOut: Int, packetsIn: Int, packetsOut: Int) {
        self.bytesIn = bytesIn
        self.bytesOut = bytesOut
        self.packetsIn = packetsIn
        self.packetsOut = packetsOut
    }
}

/// One server link, dialled from here or accepted here.
public struct LinkStatus: Codable, Equatable, Sendable {
    /// "dials" (this server is the link's client) or "accepts" (the peer dials here).
    public enum Direction: String, Codable, Sendable { case dials, accepts }
    /// "up" (data flows), "connecting" (an attempt is under way), "down" (waiting to retry, or
    /// the peer has not dialled).
    public enum State: String, Codable, Sendable { case up, connecting, down }

    public var peer: String
    public var direction: Direction
    public var state: State
    /// When the link entered `state` (Unix seconds); nil when never.
    public var since: Double?
    /// The round trip of the link probe (docs/status.md), last measured; nil before the first reply.
    public var rttSeconds: Double?
    /// The share (0…1) of recent probes without a reply within the probe timeout; nil before any.
    public var loss: Double?
    public var probesSent: Int
    public var probesAnswered: Int
    public var traffic: Traffic
    public var cipher: String?
    /// The peer's underlay address and transport, e.g. "udp 203.0.113.10:1194".
    public var endpoint: String?
    /// Why the link last went down or failed, if it did.
    public var lastError: String?

    public init(
        peer: String, direction: Direction, state: State, since: Double?, rttSeconds: Double?, loss: Double?,
        probesSent: Int, probesAnswered: Int, traffic: Traffic, cipher: String?, endpoint: String?,
        lastError: String?
    ) {
        self.peer = peer
        self.direction = direction
        self.state = state
        self.since = since
        self.rttSeconds = rttSeconds
        self.loss = loss
        self.probesSent = probesSent
        self.probesAnswered = probesAnswered
        self.traffic = traffic
        self.cipher = cipher
        self.endpoint = endpoint
        self.lastError = lastError
    }
}

/// One connected member.
public struct ClientStatus: Codable, Equatable, Sendable {
    public var name: String
    public var address: String
    /// The client's real (underlay) address and port.
    public var endpoint: String
    /// "udp" or "tcp".
    public var transport: String
    public var cipher: String?
    /// When it was accepted (Unix seconds).
    public var since: Double
    public var traffic: Traffic
    /// Packets from it whose source was not its own address (dropped).
    public var spoofed: Int

    public init(
        name: String, address: String, endpoint: String, transport: String, cipher: String?, since: Double,
        traffic: Traffic, spoofed: Int
    ) {
        self.name = name
        self.address = address
        self.endpoint = endpoint
        self.transport = transport
        self.cipher = cipher
        self.since = since
        self.traffic = traffic
        self.spoofed = spoofed
    }
}

/// The routes the server holds.
public struct RouteSummary: Codable, Equatable, Sendable {
    /// The internal routes by kind: the plan's, or the last re-plan's after links failed or
    /// returned or members roamed.
    public var clients: Int
    public var site: Int
    public var link: Int
    public var unreachable: Int
    /// Kernel routes lanstitch installed (its own routing-protocol number).
    public var kernelRoutes: Int
    public var reconciliations: Int
    /// When routes were last reconciled (Unix seconds), and how many changes that made.
    public var lastReconcile: Double?
    public var lastChanges: Int
    /// Re-plans of the internal routes (link failures, returns, roaming members), and the last.
    public var replans = 0
    public var lastReplan: Double?

    public init(
        clients: Int, site: Int, link: Int, unreachable: Int, kernelRoutes: Int, reconciliations: Int,
        lastReconcile: Double?, lastChanges: Int
    ) {
        self.clients = clients
        self.site = site
        self.link = link
        self.unreachable = unreachable
        self.kernelRoutes = kernelRoutes
        self.reconciliations = reconciliations
        self.lastReconcile = lastReconcile
        self.lastChanges = lastChanges
    }
}

/// Packets dropped for one reason.
public struct DropCount: Codable, Equatable, Sendable {
    public var reason: String
    public var count: Int

    public init(reason: String, count: Int) {
        self.reason = reason
        self.count = count
    }
}

/// What the front door did with first packets over UDP: authentic first hard resets and their
/// bytes, stateless replies and their bytes, sessions restored from a verified cookie, and
/// sessions still half-open (not yet accepted).
public struct FrontDoorCounts: Codable, Equatable, Sendable {
    public var resets: Int
    public var resetBytes: Int
    public var replies: Int
    public var replyBytes: Int
    public var cookiesVerified: Int
    public var halfOpen: Int

    public init(resets: Int, resetBytes: Int, replies: Int, replyBytes: Int, cookiesVerified: Int, halfOpen: Int) {
        self.resets = resets
        self.resetBytes = resetBytes
        self.replies = replies
        self.replyBytes = replyBytes
        self.cookiesVerified = cookiesVerified
        self.halfOpen = halfOpen
    }
}

/// Handshakes by result, and sessions and link attempts.
public struct HandshakeCounts: Codable, Equatable, Sendable {
    public var accepted: Int
    public var refused: Int
    public var sessionsOpened: Int
    public var sessionsClosed: Int
    /// Link attempts from here that failed, and up links that were lost.
    public var linkFailures: Int
    /// The front door's figures (absent from a server that predates them).
    public var frontDoor: FrontDoorCounts?

    public init(accepted: Int, refused: Int, sessionsOpened: Int, sessionsClosed: Int, linkFailures: Int) {
        self.accepted = accepted
        self.refused = refused
        self.sessionsOpened = sessionsOpened
        self.sessionsClosed = sessionsClosed
        self.linkFailures = linkFailures
    }
}
