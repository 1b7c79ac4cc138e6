// SeedPackets: seeds for the packet and parser harnesses — IPv4 packets with right checksums as
// hosts send them (a Linux TCP SYN with its options, a UDP datagram, an ICMP echo, a later
// fragment, a header with options), link-state shapes, and HTTP and control request lines.

import LanForwarding
import LanValues

/// Seeds for ipv4-edit, live-routes and control-parsers.
enum SeedPackets {
    static let member = IPv4Address(10, 249, 0, 2)
    static let site = IPv4Address(192, 168, 10, 20)

    static func ipv4() -> [(name: String, bytes: [UInt8])] {
        // A Linux SYN's options: MSS 1460, SACK permitted, timestamps, NOP, window scale 7.
        let synOptions: [UInt8] = [2, 4, 0x05, 0xB4, 4, 2, 8, 10, 0, 0, 0, 1, 0, 0, 0, 0, 1, 3, 3, 7]
        let syn: [UInt8] =
            [0xC0, 0x01, 0x01, 0xBB, 0, 0, 0, 1, 0, 0, 0, 0, 0xA0, 0x02, 0xFA, 0xF0, 0, 0, 0, 0] + synOptions
        let udp: [UInt8] = [0x13, 0x88, 0x13, 0x88, 0, 13, 0, 0] + Array("hello".utf8)
        let echo: [UInt8] = [8, 0, 0, 0, 0x12, 0x34, 0, 1] + [UInt8](repeating: 0x61, count: 24)
        // Fill both checksums, mss limit 1200, the new destination (the LAN's broadcast), then
        // the ICMP buffer's size.
        let header: [UInt8] = [3, 0x04, 0xB0, 10, 255, 255, 255]
        let broadcast = IPv4Address(10, 249, 255, 255)
        return [
            ("tcp-syn-mss", header + [2, 0x40] + packet(to: site, proto: 6, payload: syn)),
            ("udp-broadcast", [0] + header.dropFirst() + [0, 64] + packet(to: broadcast, proto: 17, payload: udp)),
            ("icmp-echo-ttl-1", header + [1, 0] + packet(to: site, ttl: 1, proto: 1, payload: echo)),
            ("later-fragment", header + [0, 200] + packet(to: site, proto: 17, payload: udp, fragment: 0x0010)),
            (
                "header-options",
                header + [0, 100] + packet(to: site, proto: 6, payload: syn, options: [0x94, 4, 0, 0])
            ),
        ]
    }

    /// An IPv4 packet from `member` with both checksums right: the header (with `options`, a
    /// multiple of 4 bytes), then `payload`, whose TCP, UDP or ICMP checksum is filled in.
    static func packet(
        to destination: IPv4Address, ttl: UInt8 = 64, proto: UInt8, payload: [UInt8], options: [UInt8] = [],
        fragment: UInt16 = 0
    ) -> [UInt8] {
        let headerLength = 20 + options.count
        let total = headerLength + payload.count
        var bytes: [UInt8] = [0x40 | UInt8(headerLength / 4), 0, UInt8(total >> 8), UInt8(total & 0xFF), 0, 1]
        bytes += [UInt8(fragment >> 8), UInt8(fragment & 0xFF), ttl, proto, 0, 0]
        bytes += [member.value, destination.value].flatMap { value in
            [24, 16, 8, 0].map { UInt8(truncatingIfNeeded: value >> UInt32($0)) }
        }
        bytes += options + payload
        let at = headerLength + (proto == 6 ? 16 : proto == 17 ? 6 : 2)
        let length = [UInt8(payload.count >> 8), UInt8(payload.count & 0xFF)]
        let summed = proto == 1 ? payload : Array(bytes[12..<20]) + [0, proto] + length + payload
        let sum = summed.withUnsafeBytes { IPv4Packet.checksum($0) }
        (bytes[at], bytes[at + 1]) = (UInt8(sum >> 8), UInt8(sum & 0xFF))
        let headerSum = bytes.withUnsafeBytes {
            IPv4Packet.checksum(UnsafeRawBufferPointer(rebasing: $0[0..<headerLength]))
        }
        (bytes[10], bytes[11]) = (UInt8(headerSum >> 8), UInt8(headerSum & 0xFF))
        return bytes
    }

    static func liveRoutes() -> [(name: String, bytes: [UInt8])] {
        let sites: [UInt8] = [192, 168, 10, 0, 24, 192, 168, 20, 0, 24, 10, 0, 0, 0, 8]
        let member: [UInt8] = [10, 0, 0, 9, 1, 10, 1, 0, 7, 0, 10, 2, 0, 2, 7]
        return [
            ("three-servers-one-failed", [1] + sites + [0, 5, 0, 0x29, 1, 0] + [0, 1, 0] + member),
            ("mesh-of-eight", [6] + [UInt8](repeating: 24, count: 40) + [UInt8](repeating: 7, count: 36) + member),
            ("self-link", [0, 10, 0, 0, 0, 16, 10, 0, 0, 0, 16, 1, 0, 1, 1, 1] + member),
        ]
    }

    static func controlParsers() -> [(name: String, bytes: [UInt8])] {
        let requests = [
            "GET /metrics HTTP/1.1\r\nHost: 10.249.0.1:9100\r\nUser-Agent: Prometheus/2.45.3\r\nAccept: text/plain\r\n\r\n",
            "HEAD /metrics?x=1 HTTP/1.0\n\n",
            "POST /metrics HTTP/1.1\r\nContent-Length: 0\r\n\r\n",
            "GET / HTTP/2\r\n\r\n",
            "{\"request\":\"status\"}",
        ]
        return requests.enumerated().map { ("request-\($0.offset)", [UInt8($0.offset * 3)] + Array($0.element.utf8)) }
    }
}
