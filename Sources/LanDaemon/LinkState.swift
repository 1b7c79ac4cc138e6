// LinkState: how the servers of a LAN tell each other which links are alive and where roaming
// members are, so each can re-plan with the planner's own code (LiveRoutes).
//
// Every server floods a link-state advertisement (LSA) over its server links when its live links
// or its roaming members change, and every 5 s anyway: origin, a sequence number that only grows,
// the peers it has a live link to, and the members connected to it away from home. A server
// keeps the newest LSA of each origin and passes a newer one on to its other links, so every
// server ends with the same database. An LSA not refreshed for 30 s is forgotten.
//
// A link counts as failed when one of its ends says so: a server's own links by its own live
// sessions, any other link when the newest LSA of either end does not list the other end. (An
// end never heard from is taken to be as planned.) Every server applies the same rule to the
// same database, so their routes agree once the flood settles; a short disagreement is ended
// by the TTL, not by a loop.
//
// Wire form: inside the data channel of a server link (so it is encrypted and authenticated
// hop by hop, and members cannot send one), a 16-byte magic, then ASCII lines:
//   lsa1 ORIGIN SEQUENCE \n peers NAME,NAME \n members ADDRESS,ADDRESS \n sig HEX \n
// The last line is the origin's ECDSA-SHA256 signature (its server certificate's key) over all
// that comes before it, magic included, so a server that floods another origin's LSA on cannot
// change it, and none can make one in another's name (LinkStateRouter checks it, and checks
// that the origin claims only what the plan gives it).

import Foundation
import LanCrypto
import LanDataPlane
import LanHost
import LanPlan
import LanProtocol
import LanValues

/// One server's advertisement.
struct LinkStateAdvertisement: Equatable {
    var origin: String
    var sequence: UInt64
    var peers: [String]
    var members: [IPv4Address]

    /// Marks a data-channel payload as an LSA (LanDataPlane's LinkStateMagic).
    static let magic = LinkStateMagic.bytes
    /// The largest payload sent (well inside a tunnel packet); members beyond it are left out.
    static let maxBytes = 1300
    /// Room kept for the signature line (`sig ` + a DER ECDSA P-256 signature in hex, at most 72 bytes).
    static let signatureRoom = 4 + 2 * 72 + 1

    /// The signed part: magic and text, members cut to fit `maxBytes` with the signature.
    var encoded: [UInt8] {
        var text = "lsa1 \(origin) \(sequence)\npeers \(peers.joined(separator: ","))\nmembers "
        let room = Self.maxBytes - Self.signatureRoom - Self.magic.count - text.utf8.count - 1
        var list = ""
        for member in members {
            let item = (list.isEmpty ? "" : ",") + member.description
            if list.utf8.count + item.utf8.count > room { break }
            list += item
        }
        text += list + "\n"
        return Self.magic + Array(text.utf8)
    }

    /// Reads an LSA; nil for anything malformed (the caller counts the drop).
    static func decode(_ payload: UnsafeRawBufferPointer) -> LinkStateAdvertisement? {
        guard LinkStateMagic.starts(payload), payload.count <= maxBytes + 64 else { return nil }
        let lines = String(decoding: payload.dropFirst(magic.count), as: UTF8.self).split(
            separator: "\n", omittingEmptySubsequences: false)
        guard lines.count >= 3 else { return nil }
        let head = lines[0].split(separator: " ")
        guard head.count == 3, head[0] == "lsa1", let sequence = UInt64(head[2]), isName(head[1]) else { return nil }
        guard lines[1].hasPrefix("peers "), lines[2].hasPrefix("members ") else { return nil }
        let peers = lines[1].dropFirst(6).split(separator: ",").map(String.init)
        guard peers.allSatisfy({ isName($0[...]) }) else { return nil }
        var members: [IPv4Address] = []
        for text in lines[2].dropFirst(8).split(separator: ",") {
            guard let address = IPv4Address(String(text)) else { return nil }
            members.append(address)
        }
        return LinkStateAdvertisement(origin: String(head[1]), sequence: sequence, peers: peers, members: members)
    }

    /// The payload to seal: `encoded` and the signature line made with `key`.
    func signed(with key: PrivateKey) throws -> [UInt8] {
        let covered = encoded
        let hex = try key.sign(covered).map { String(format: "%02x", $0) }.joined()
        return covered + Array("sig \(hex)\n".utf8)
    }

    static func isName(_ text: Substring) -> Bool {
        (1...63).contains(text.count) && text.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }
    }
}

/// The newest LSA of every origin, and what they say about links and roaming members.
struct LinkStateDatabase {
    /// This server's name and the planned links of the LAN.
    let me: String
    var planned: [LinkID]
    /// The newest LSA of each origin, when it came, and its payload as received (flooded on).
    private(set) var advertisements: [String: (lsa: LinkStateAdvertisement, received: Timestamp, payload: [UInt8])] =
        [:]

    /// How long an LSA counts without a refresh.
    static let lifetime: Duration = .seconds(30)
    /// How often every server refreshes its own LSA.
    static let refresh: Duration = .seconds(5)

    init(me: String, planned: [LinkID]) {
        self.me = me
        self.planned = planned
    }

    /// Keeps `lsa` if it is newer than what is known of its origin (and not about this server,
    /// which knows its own state); true when it was kept (then it is flooded on).
    mutating func accept(_ lsa: LinkStateAdvertisement, payload: [UInt8]? = nil, now: Timestamp) -> Bool {
        guard lsa.origin != me else { return false }
        if let known = advertisements[lsa.origin], known.lsa.sequence >= lsa.sequence { return false }
        advertisements[lsa.origin] = (lsa, now, payload ?? lsa.encoded)
        return true
    }

    /// Forgets LSAs older than `lifetime`; true when one was forgotten.
    mutating func expire(now: Timestamp) -> Bool {
        let stale = advertisements.filter { now - $0.value.received > Self.lifetime }.map(\.key)
        for origin in stale { advertisements[origin] = nil }
        return !stale.isEmpty
    }

    /// The planned links that are down: this server's by its own live peers, others by the
    /// newest LSA of either end.
    func failedLinks(livePeers: Set<String>) -> Set<LinkID> {
        var failed: Set<LinkID> = []
        for link in planned {
            if let peer = link.peer(of: me) {
                if !livePeers.contains(peer) { failed.insert(link) }
                continue
            }
            let aDenies = advertisements[link.a].map { !$0.lsa.peers.contains(link.b) } ?? false
            let bDenies = advertisements[link.b].map { !$0.lsa.peers.contains(link.a) } ?? false
            if aDenies || bDenies { failed.insert(link) }
        }
        return failed
    }

    /// Members away from home, by the server they are connected to (other servers' LSAs).
    var roaming: [IPv4Address: String] {
        var found: [IPv4Address: String] = [:]
        for (origin, entry) in advertisements.sorted(by: { $0.key < $1.key }) {
            for member in entry.lsa.members { found[member] = origin }
        }
        return found
    }
}

/// A received advertisement with what its signature covers.
struct SignedAdvertisement {
    let lsa: LinkStateAdvertisement
    /// The bytes the signature covers, the signature (nil: none), and the payload as received
    /// (flooded on unchanged).
    let covered: [UInt8]
    let signature: [UInt8]?
    let payload: [UInt8]

    /// Reads `payload`; nil for anything malformed.
    static func decode(_ payload: [UInt8]) -> SignedAdvertisement? {
        guard payload.count <= LinkStateAdvertisement.maxBytes + 64 else { return nil }
        guard let lsa = payload.withUnsafeBytes({ LinkStateAdvertisement.decode($0) }) else { return nil }
        let marker = Array("\nsig ".utf8)
        var split: Int?
        var index = payload.count - marker.count
        while index >= LinkStateAdvertisement.magic.count {
            if Array(payload[index..<(index + marker.count)]) == marker {
                split = index + 1
                break
            }
            index -= 1
        }
        guard let split else {
            return SignedAdvertisement(lsa: lsa, covered: payload, signature: nil, payload: payload)
        }
        let hex = String(decoding: payload[(split + 4)...], as: UTF8.self).trimmingCharacters(in: .newlines)
        guard hex.count % 2 == 0, hex.count <= 2 * 72 else { return nil }
        var signature: [UInt8] = []
        var cursor = hex.startIndex
        while cursor < hex.endIndex {
            let next = hex.index(cursor, offsetBy: 2)
            guard let byte = UInt8(hex[cursor..<next], radix: 16) else { return nil }
            signature.append(byte)
            cursor = next
        }
        return SignedAdvertisement(
            lsa: lsa, covered: Array(payload[..<split]), signature: signature, payload: payload)
    }
}
