// OpenVPNPRF: the legacy data-channel key derivation of OpenVPN before TLS-EKM
// (reference/openvpn-protocol.md §7.3), for peers that do not announce tls-ekm:
//
//   master (48)  = PRF(pre_master, "OpenVPN master secret" ‖ client.random1 ‖ server.random1)
//   key2   (256) = PRF(master, "OpenVPN key expansion" ‖ client.random2 ‖ server.random2
//                                                      ‖ client sid ‖ server sid)
//
// PRF is the TLS 1.0/1.1 PRF (P_MD5 ⊕ P_SHA1), OpenSSL's EVP_KDF "TLS1-PRF" with "MD5-SHA1".

import COpenSSL

/// Why PRF inputs were refused.
public struct OpenVPNPRFInputError: Error, Equatable, Sendable, CustomStringConvertible {
    public var description: String
}

/// The TLS 1.0 PRF and OpenVPN's key expansion over it. Stateless; safe from any thread.
public enum OpenVPNPRF {
    /// Bytes of the client's pre-master secret.
    public static let preMasterLength = 48
    /// Bytes of each random of key method 2.
    public static let randomLength = 32
    /// Bytes of a session id.
    public static let sessionIDLength = 8

    /// `length` bytes of the TLS 1.0/1.1 PRF of `secret` and `seed` (RFC 2246 §5).
    public static func tls1PRF(secret: [UInt8], seed: [UInt8], length: Int) throws -> [UInt8] {
        let kdf = try require(EVP_KDF_fetch(nil, "TLS1-PRF", nil), "EVP_KDF_fetch(TLS1-PRF)")
        defer { EVP_KDF_free(kdf) }
        let context = try require(EVP_KDF_CTX_new(kdf), "EVP_KDF_CTX_new")
        defer { EVP_KDF_CTX_free(context) }
        var output = [UInt8](repeating: 0, count: length)
        try secret.withUnsafeBytes { secret in
            try seed.withUnsafeBytes { seed in
                var params = [
                    stringParameter("digest", "MD5-SHA1"), octetParameter("secret", secret),
                    octetParameter("seed", seed), OSSL_PARAM_construct_end(),
                ]
                try check(EVP_KDF_derive(context, &output, length, &params), "EVP_KDF_derive(TLS1-PRF)")
            }
        }
        return output
    }

    /// The 256 bytes of data-channel key material (OpenVPN's `key2`) from the key-method-2
    /// secrets both ends exchanged and the two session ids. Feed it to `DataChannelKeys`.
    public static func keyMaterial(
        clientPreMaster: [UInt8], clientRandom1: [UInt8], clientRandom2: [UInt8], serverRandom1: [UInt8],
        serverRandom2: [UInt8], clientSessionID: [UInt8], serverSessionID: [UInt8]
    ) throws -> [UInt8] {
        try expect(clientPreMaster, preMasterLength, "client pre-master secret")
        for (random, name) in [
            (clientRandom1, "client random1"), (clientRandom2, "client random2"),
            (serverRandom1, "server random1"), (serverRandom2, "server random2"),
        ] {
            try expect(random, randomLength, name)
        }
        try expect(clientSessionID, sessionIDLength, "client session id")
        try expect(serverSessionID, sessionIDLength, "server session id")
        let master = try tls1PRF(
            secret: clientPreMaster, seed: Array("OpenVPN master secret".utf8) + clientRandom1 + serverRandom1,
            length: 48)
        let seed =
            Array("OpenVPN key expansion".utf8) + clientRandom2 + serverRandom2 + clientSessionID + serverSessionID
        return try tls1PRF(secret: master, seed: seed, length: DataChannelKeys.materialLength)
    }

    static func expect(_ bytes: [UInt8], _ length: Int, _ name: String) throws {
        guard bytes.count == length else {
            throw OpenVPNPRFInputError(description: "the \(name) has \(length) bytes, not \(bytes.count)")
        }
    }
}
