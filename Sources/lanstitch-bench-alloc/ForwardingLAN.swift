// ForwardingLAN: the real data plane (LanDataPlane's DataPlane) of one server, built once from a
// real plan — the planner's route table for hangzhou, two members lei and mei with their leases,
// each member's own DataPeer and the server's DataPeer of its connection — wired to an
// in-memory wire (BatchWire) and a TUN device that stays silent (SilentTun). Both fakes copy
// into slots allocated up front, as the kernel would, so any allocation counted is the data
// plane's own.

import LanCrypto
import LanDataPlane
import LanForwarding
import LanHost
import LanInventory
import LanPlan
import LanProtocol
import LanValues
import LanWire

/// One member: its lease and both ends of its data path.
final class Member {
    let address: IPv4Address
    /// The member's own end (`lanstitch up` or a stock client).
    let own: DataPeer
    /// The server's end of this member's connection, as the server's sessions make it.
    let server: DataPeer

    init(
        address: IPv4Address, peerID: UInt32, cipher: AEADCipher, seed: UInt8, serverEndpoint: IPv4Endpoint,
        memberEndpoint: IPv4Endpoint
    ) throws {
        self.address = address
        let material = (0..<DataChannelKeys.materialLength).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ Int(seed)) | 1 }
        let ownChannel = DataChannel(peerID: PeerID(peerID)!)
        let serverChannel = DataChannel(peerID: PeerID(peerID)!)
        try ownChannel.install(.initial, DataChannelKeys(material: material, cipher: cipher, role: .client), now: .zero)
        try serverChannel.install(
            .initial, DataChannelKeys(material: material, cipher: cipher, role: .server), now: .zero)
        own = DataPeer(channel: ownChannel, egress: .datagram(serverEndpoint), now: .zero)
        server = DataPeer(channel: serverChannel, egress: .datagram(memberEndpoint), now: .zero)
    }
}

/// Why the LAN could not be set up.
struct SetupProblem: Error, CustomStringConvertible {
    let description: String
}

/// The server hangzhou of a two-server LAN, with members lei and mei connected.
struct ForwardingLAN {
    static let inventory = """
        network: 10.0.0.0/8
        topology: explicit
        servers:
          - { name: hangzhou, endpoint: 203.0.113.10, pools: [10.251.0.0/16] }
          - { name: hongkong, endpoint: 198.51.100.20, pools: [10.249.0.0/16], uplinks: [hangzhou] }
        clients:
          - { name: lei, server: hangzhou }
          - { name: mei, server: hangzhou }
        """
    static let serverEndpoint = IPv4Endpoint(address: IPv4Address(203, 0, 113, 10), port: 1194)
    /// Both members send from one address and port (their peer ids tell them apart).
    static let memberEndpoint = IPv4Endpoint(address: IPv4Address(198, 51, 100, 7), port: 40000)

    let dataPlane: DataPlane
    let wire: BatchWire
    let tun: SilentTun
    let lei: Member
    let mei: Member

    init(cipher: AEADCipher) throws {
        let loaded = InventoryLoader.load(text: Self.inventory, file: "bench.yaml")
        guard let inventory = loaded.inventory, loaded.diagnostics.isEmpty else {
            throw SetupProblem(description: "inventory: \(loaded.diagnostics.map(\.description))")
        }
        let outcome = Planner.plan(inventory, book: AddressBook())
        guard let server = outcome.plan?.server(named: "hangzhou") else {
            throw SetupProblem(description: "plan: \(outcome.diagnostics.map(\.description))")
        }
        var routes = RouteTable<ForwardingTarget>()
        for route in server.internalRoutes {
            switch route.via {
            case .clients: routes.insert(route.prefix, .clients)
            case .site: routes.insert(route.prefix, .site)
            case .link(let peer): routes.insert(route.prefix, .link(peer))
            case .unreachable: break
            }
        }
        func lease(_ name: String) throws -> IPv4Address {
            guard let lease = server.clients.first(where: { $0.name == name }) else {
                throw SetupProblem(description: "plan: no lease for \(name)")
            }
            return lease.address
        }
        lei = try Member(
            address: lease("lei"), peerID: 1, cipher: cipher, seed: 3, serverEndpoint: Self.serverEndpoint,
            memberEndpoint: Self.memberEndpoint)
        mei = try Member(
            address: lease("mei"), peerID: 2, cipher: cipher, seed: 5, serverEndpoint: Self.serverEndpoint,
            memberEndpoint: Self.memberEndpoint)
        wire = BatchWire(Self.serverEndpoint, Self.memberEndpoint)
        tun = SilentTun()
        let directory = PeerDirectory()
        for member in [lei, mei] {
            directory.insert(member.server)
            directory.bind(member.server, member: member.address)
        }
        let clock = FixedClock()
        dataPlane = DataPlane(
            time: LoopTime(clock: clock), counters: ServerCounters(), peers: directory,
            prober: LinkProber(clock: clock), tun: tun, udp: wire.server, tunnelAddress: server.tunnelAddress,
            routes: routes, broadcastRelay: nil, log: { _ in })
    }
}

/// A clock that stands still (the proof needs no time to pass).
final class FixedClock: DaemonClock {
    var elapsed: Duration { .zero }
    var unixTime: Double { 0 }
}
