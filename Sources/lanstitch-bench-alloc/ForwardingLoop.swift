// ForwardingLoop: the steady-state data path of a server forwarding between two of its members,
// in process, over PacketBatch slots — the stages of ServerDaemon+Data.swift, one packet a turn:
//
//   1. lei's TUN read      the 1400-byte IPv4 packet lands after a slot's headroom (memcpy)
//   2. lei seals           P_DATA_V2 header prepended into the headroom, sealed in place
//   3. the wire            the datagram lands in the server's receive batch (memcpy, as recvmmsg)
//   4. server opens        peer id → member, AEAD open + replay window in place
//   5. server routes       IPv4 view, source = member's lease, plan's RouteTable, member by address,
//                          TTL decrement
//   6. server reseals      PacketBatch.append to the UDP send batch (the daemon's one copy, as in
//                          ServerDaemon.sendSealed), header prepended, sealed for mei
//   7. the wire            into mei's receive batch (memcpy)
//   8. mei opens           in place; the packet must be lei's, addressed to mei
//
// With `allocatePerPacket` stage 6 copies the packet into a fresh Array first, as the legacy
// compression framing path does: the allocation the counter must see.

import LanForwarding
import LanHost
import LanLinux
import LanPlan
import LanProtocol
import LanValues

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
    private let serverIn = PacketBatch(capacity: 64)
    private let serverOut = PacketBatch(capacity: 64)
    private let meiIn = PacketBatch(capacity: 64)

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
    }

    /// Stands in for the kernel's copy (a TUN read, recvmmsg): `bytes` into slot 0 after the headroom.
    static func deliver(_ bytes: UnsafeRawBufferPointer, into batch: PacketBatch) {
        batch.count = 1
        batch.setPacket(at: 0, offset: batch.headroom, length: bytes.count)
        batch.bytes(at: 0).copyMemory(from: bytes)
    }

    @inline(never)
    func forwardOne() throws {
        // 1–2: lei's TUN read and seal.
        Self.deliver(UnsafeRawBufferPointer(template), into: leiOut)
        _ = leiOut.prepend(DataChannel.overhead, at: 0)
        guard try lan.lei.own.seal(leiOut.bytes(at: 0), now: .zero) else {
            throw PathFailure(description: "lei: no key")
        }
        // 3–4: the server receives and opens in place.
        Self.deliver(UnsafeRawBufferPointer(leiOut.bytes(at: 0)), into: serverIn)
        let datagram = serverIn.bytes(at: 0)
        let peer = UInt32(datagram[1]) << 16 | UInt32(datagram[2]) << 8 | UInt32(datagram[3])
        guard let from = lan.byPeerID[peer] else { throw PathFailure(description: "server: unknown peer id") }
        guard case .success = try from.server.open(datagram, nowSeconds: 0) else {
            throw PathFailure(description: "server: open failed")
        }
        // 5: route.
        let packet = try IPv4Packet(UnsafeMutableRawBufferPointer(rebasing: datagram[DataChannel.overhead...]))
        guard packet.source == from.address else { throw PathFailure(description: "server: spoofed source") }
        guard lan.routes.lookup(packet.destination) == .clients, let to = lan.byAddress[packet.destination] else {
            throw PathFailure(description: "server: no member for \(packet.destination)")
        }
        guard packet.decrementTTL() else { throw PathFailure(description: "server: TTL exceeded") }
        // 6: reseal for mei.
        serverOut.removeAll()
        let plaintext = UnsafeRawBufferPointer(rebasing: packet.bytes[0..<packet.totalLength])
        if allocatePerPacket {
            serverOut.append(Array(plaintext))
        } else {
            serverOut.append(plaintext)
        }
        _ = serverOut.prepend(DataChannel.overhead, at: 0)
        guard try to.server.seal(serverOut.bytes(at: 0), now: .zero) else {
            throw PathFailure(description: "server: no key for mei")
        }
        // 7–8: mei receives and opens.
        Self.deliver(UnsafeRawBufferPointer(serverOut.bytes(at: 0)), into: meiIn)
        guard case .success = try to.own.open(meiIn.bytes(at: 0), nowSeconds: 0) else {
            throw PathFailure(description: "mei: open failed")
        }
        let delivered = try IPv4Packet(
            UnsafeMutableRawBufferPointer(rebasing: meiIn.bytes(at: 0)[DataChannel.overhead...]))
        guard delivered.destination == to.address, delivered.source == from.address else {
            throw PathFailure(description: "mei: wrong packet")
        }
    }
}
