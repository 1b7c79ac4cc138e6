// ForwardingLAN: the state a server holds for the steady-state data path, built once from a
// real plan — the planner's route table for one server, two members with their leases, and each
// member's pair of DataChannels (the member's own end and the server's end of its connection).

import LanCrypto
import LanForwarding
import LanInventory
import LanPlan
import LanProtocol
import LanValues
import LanWire

/// One member: its leased address and both ends of its data channel.
final class Member {
    let address: IPv4Address
    /// The member's own end (`lanstitch up` or a stock client).
    let own: DataChannel
    /// The server's end of this member's connection.
    let server: DataChannel

    init(address: IPv4Address, peerID: UInt32, cipher: AEADCipher, seed: UInt8) throws {
        self.address = address
        let material = (0..<DataChannelKeys.materialLength).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ Int(seed)) | 1 }
        own = DataChannel(peerID: PeerID(peerID)!)
        server = DataChannel(peerID: PeerID(peerID)!)
        try own.install(.initial, DataChannelKeys(material: material, cipher: cipher, role: .client), now: .zero)
        try server.install(.initial, DataChannelKeys(material: material, cipher: cipher, role: .server), now: .zero)
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

    /// The plan's internal routes of hangzhou as the daemon's longest-prefix-match table.
    let routes: RouteTable<Via>
    let lei: Member
    let mei: Member
    /// The server's connections by peer id and by leased address, as the daemon keeps them.
    let byPeerID: [UInt32: Member]
    let byAddress: [IPv4Address: Member]

    init(cipher: AEADCipher) throws {
        let loaded = InventoryLoader.load(text: Self.inventory, file: "bench.yaml")
        guard let inventory = loaded.inventory, loaded.diagnostics.isEmpty else {
            throw SetupProblem(description: "inventory: \(loaded.diagnostics.map(\.description))")
        }
        let outcome = Planner.plan(inventory, book: AddressBook())
        guard let server = outcome.plan?.server(named: "hangzhou") else {
            throw SetupProblem(description: "plan: \(outcome.diagnostics.map(\.description))")
        }
        routes = RouteTable(server.internalRoutes.map { ($0.prefix, $0.via) })
        func lease(_ name: String) throws -> IPv4Address {
            guard let lease = server.clients.first(where: { $0.name == name }) else {
                throw SetupProblem(description: "plan: no lease for \(name)")
            }
            return lease.address
        }
        lei = try Member(address: lease("lei"), peerID: 1, cipher: cipher, seed: 3)
        mei = try Member(address: lease("mei"), peerID: 2, cipher: cipher, seed: 5)
        byPeerID = [1: lei, 2: mei]
        byAddress = [lei.address: lei, mei.address: mei]
    }
}
