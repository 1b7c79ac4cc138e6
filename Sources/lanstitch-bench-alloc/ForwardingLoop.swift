// ForwardingLoop: the steady-state data path of a server forwarding between two of its members,
// in process — the real LanDataPlane DataPlane and DataPeer, one packet a turn:
//
//   1. lei seals             DataPeer.seal: the 1400-byte IPv4 packet into a slot after the
//                            headroom (memcpy, as a TUN read), P_DATA_V2 header prepended, sealed
//   2. the wire              into the server side's inbox (memcpy, as recvmmsg)
//   3. the server's turn     DataPlane.receiveUDP: classify → peer id → DataPeer.open in place →
//                            demultiplex → admit (source = lei's lease) → route (plan's table,
//                            mei by address, TTL) → DataPeer.seal for mei into the UDP batch
//                            (the data plane's one copy) → flushUDP
//   4. the wire              into the members' side (memcpy)
//   5. mei opens             DataPeer.open in place; the packet must be lei's, addressed to mei
//
// With `allocatePerPacket` each turn also copies the packet into a fresh Array: the allocation
// the counter must see.

import LanDataPlane
import LanForwarding
import LanHost
import LanProtocol
import LanValues
import LanWire

/// Why the loop stopped: a stage refused a packet the path should have carried.
struct PathFailure: Error, CustomStringConvertible {
    let description: String
}

/// The batches and the template packet of one forwarding loop.
final class ForwardingLoop {
    static let packetLength = 1400

    let lan: ForwardingLAN
    let allocatePerPacket: Bool
    private let template: UnsafeMutableRawBufferPointer
    private let leiOut = PacketBatch(capacity: 64)
    private let meiIn = PacketBatch(capacity: 64)
    /// Set when the data plane handed a packet to the control side (it must not).
    private var controlPackets = 0
    /// The last allocation made on purpose (kept so it cannot be optimised away).
    private(set) var keep: [UInt8] = []

    init(lan: ForwardingLAN, allocatePerPacket: Bool) {
        self.lan = lan
        self.allocatePerPacket = allocatePerPacket
        template = .allocate(byteCount: Self.packetLength, alignment: 8)
        IPv4Template.write(into: template, from: lan.lei.address, to: lan.mei.address)
    }

    deinit { template.deallocate() }

    /// Forwards `count` packets; throws at the first packet the path drops.
    func run(_ count: Int) throws {
        for _ in 0..<count { try forwardOne() }
        let drops = lan.dataPlane.counters.drops
        guard drops.isEmpty, controlPackets == 0, lan.tun.written == 0 else {
            throw PathFailure(description: "the data plane dropped or misrouted packets: \(drops)")
        }
    }

    @inline(never)
    func forwardOne() throws {
        if allocatePerPacket { keep = Array(UnsafeRawBufferPointer(template)) }
        // 1–2: lei seals; the wire carries it to the server.
        leiOut.removeAll()
        guard
            lan.lei.own.seal(
                UnsafeRawBufferPointer(template), into: leiOut, to: ForwardingLAN.serverEndpoint, now: .zero) == .sealed
        else { throw PathFailure(description: "lei: no key") }
        _ = try lan.wire.members.send(leiOut, from: 0)
        // 3: the server's turn, as ServerDaemon runs it for a readable UDP socket.
        try lan.dataPlane.receiveUDP { _, _ in controlPackets += 1 }
        lan.dataPlane.flushUDP()
        // 4–5: mei receives and opens.
        guard try lan.wire.members.receive(into: meiIn) == 1 else {
            throw PathFailure(description: "mei: nothing arrived (server counted \(lan.dataPlane.counters.drops))")
        }
        var drop: DataChannel.Drop?
        guard let payload = lan.mei.own.open(meiIn.bytes(at: 0), now: .zero, drop: &drop) else {
            throw PathFailure(description: "mei: open failed (\(drop.map { "\($0)" } ?? "?"))")
        }
        let delivered = try IPv4Packet(payload)
        guard delivered.destination == lan.mei.address, delivered.source == lan.lei.address else {
            throw PathFailure(description: "mei: wrong packet")
        }
    }
}
