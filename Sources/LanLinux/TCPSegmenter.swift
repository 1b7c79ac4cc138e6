// TCPSegmenter: the receive half of the TUN offload — what the kernel would have done had the
// device not offered TSO. A packet read with a virtio header is either
//   - a TCP/IPv4 super-packet (gso_type TCPV4): cut into gso_size segments, each with its own
//     IPv4 header (total length, id + i, checksum) and TCP header (sequence number, FIN/PSH only
//     on the last, CWR only on the first) and a full TCP checksum; or
//   - one packet, whose checksum may still need finishing (NEEDS_CSUM): the sum from
//     csum_start to the end is written at csum_start + csum_offset.
// Each result lands in a PacketBatch slot, ready for the data path like any packet read.

import LanHost

/// Cuts offloaded TUN reads into plain packets.
enum TCPSegmenter {
    /// Segments (or finishes) the packet in `packet` (after its virtio `header`) into free
    /// slots of `batch`, from `batch.count` on; returns how many it added, or nil when the
    /// packet cannot be handled (malformed, or not TCP/IPv4). A super-packet with more segments
    /// than free slots is cut only as far as they go (`segment(_:mss:from:into:)` goes on).
    static func split(_ packet: UnsafeRawBufferPointer, header: VirtioNetHeader, into batch: PacketBatch) -> Int? {
        if header.gsoType & ~VirtioNetHeader.gsoECN == VirtioNetHeader.gsoNone {
            guard batch.count < batch.capacity, packet.count <= batch.packetCapacity else { return nil }
            let slot = batch.receiveSpace(at: batch.count)
            slot.copyMemory(from: packet)
            let copy = UnsafeMutableRawBufferPointer(rebasing: slot[0..<packet.count])
            if header.flags & VirtioNetHeader.needsChecksum != 0 {
                let start = Int(header.checksumStart)
                let at = start + Int(header.checksumOffset)
                guard start < copy.count, at + 2 <= copy.count else { return nil }
                let sum = ~InternetChecksum.sum(UnsafeRawBufferPointer(rebasing: copy[start...]))
                // UDP sends a computed 0 as all ones (0 means "no checksum").
                let isUDP = copy.count > 9 && copy[0] >> 4 == 4 && copy[9] == 17
                InternetChecksum.write16(sum == 0 && isUDP ? 0xFFFF : sum, copy, at)
            }
            batch.setPacket(at: batch.count, offset: batch.headroom, length: packet.count)
            batch.setEndpoint(.unspecified, at: batch.count)
            batch.count += 1
            return 1
        }
        guard header.gsoType & ~VirtioNetHeader.gsoECN == VirtioNetHeader.gsoTCPv4 else { return nil }
        return segment(packet, mss: Int(header.gsoSize), into: batch)?.added
    }

    /// Cuts a TCP/IPv4 super-packet into `mss`-byte segments, from segment `first` on, into the
    /// free slots of `batch`. Returns how many it added and the next segment to cut (nil when
    /// all are cut), or nil when the packet is malformed.
    static func segment(_ packet: UnsafeRawBufferPointer, mss: Int, from first: Int = 0, into batch: PacketBatch)
        -> (added: Int, next: Int?)?
    {
        guard packet.count >= 40, packet[0] >> 4 == 4, packet[9] == 6, mss > 0 else { return nil }
        let ipLength = Int(packet[0] & 0x0F) * 4
        guard ipLength >= 20, packet.count >= ipLength + 20 else { return nil }
        let tcpLength = Int(packet[ipLength + 12] >> 4) * 4
        let headers = ipLength + tcpLength
        guard tcpLength >= 20, packet.count >= headers, headers + mss <= batch.packetCapacity else { return nil }
        let payload = packet.count - headers
        let segments = max(1, (payload + mss - 1) / mss)
        let firstID = InternetChecksum.read16(packet, 4)
        let firstSequence = InternetChecksum.read32(packet, ipLength + 4)
        let flags = packet[ipLength + 13]
        let source = InternetChecksum.read32(packet, 12)
        let destination = InternetChecksum.read32(packet, 16)
        var index = first
        while index < segments, batch.count < batch.capacity {
            let offset = index * mss
            let chunk = min(mss, payload - offset)
            let total = headers + chunk
            let slot = batch.receiveSpace(at: batch.count)
            let out = UnsafeMutableRawBufferPointer(rebasing: slot[0..<total])
            UnsafeMutableRawBufferPointer(rebasing: out[0..<headers]).copyMemory(
                from: UnsafeRawBufferPointer(rebasing: packet[0..<headers]))
            UnsafeMutableRawBufferPointer(rebasing: out[headers..<total]).copyMemory(
                from: UnsafeRawBufferPointer(rebasing: packet[(headers + offset)..<(headers + offset + chunk)]))
            // IPv4: total length, id, checksum.
            InternetChecksum.write16(UInt16(total), out, 2)
            InternetChecksum.write16(firstID &+ UInt16(truncatingIfNeeded: index), out, 4)
            InternetChecksum.write16(0, out, 10)
            let ipSum = InternetChecksum.sum(UnsafeRawBufferPointer(rebasing: out[0..<ipLength]))
            InternetChecksum.write16(~ipSum, out, 10)
            // TCP: sequence number, flags, checksum.
            InternetChecksum.write32(firstSequence &+ UInt32(offset), out, ipLength + 4)
            var segmentFlags = flags
            if index < segments - 1 { segmentFlags &= ~0x09 }  // FIN, PSH only on the last.
            if index > 0 { segmentFlags &= ~0x80 }  // CWR only on the first.
            out[ipLength + 13] = segmentFlags
            InternetChecksum.write16(0, out, ipLength + 16)
            let pseudo = InternetChecksum.pseudoHeader(
                source: source, destination: destination, protocol: 6, length: total - ipLength)
            let tcpSum = InternetChecksum.sum(UnsafeRawBufferPointer(rebasing: out[ipLength..<total]), initial: pseudo)
            InternetChecksum.write16(~tcpSum, out, ipLength + 16)
            batch.setPacket(at: batch.count, offset: batch.headroom, length: total)
            batch.setEndpoint(.unspecified, at: batch.count)
            batch.count += 1
            index += 1
        }
        return (index - first, index < segments ? index : nil)
    }
}
