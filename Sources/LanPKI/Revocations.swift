// Revocations: the record of revoked client certificates (pki/revoked.json), from which the
// CRL is built. Entries are never removed: a revoked serial stays revoked.

import Foundation
import LanCrypto
import LanValues

/// One revoked certificate.
public struct RevokedCertificate: Codable, Equatable, Sendable {
    public var name: String
    public var serial: String
    /// Unix seconds.
    public var revokedAt: Int64

    enum CodingKeys: String, CodingKey {
        case name, serial
        case revokedAt = "revoked_at"
    }
}

extension PKIFiles {
    /// The recorded revocations; none when the file does not exist.
    public func readRevocations() throws -> [RevokedCertificate] {
        guard exists(revocations) else { return [] }
        do {
            return try JSONDecoder().decode([RevokedCertificate].self, from: Data(try read(revocations).utf8))
        } catch let problem as Diagnostics {
            throw problem
        } catch {
            throw damaged(revocations, "revoked.json is damaged (\(error))")
        }
    }

    func writeRevocations(_ list: [RevokedCertificate]) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try replace(revocations, String(decoding: try encoder.encode(list), as: UTF8.self) + "\n")
    }
}
