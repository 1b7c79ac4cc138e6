// CipherNegotiation: NCP, the server's choice of data-channel cipher from the client's peer-info
// (reference §6.2): the first cipher of the server's own list that the client supports.

/// Data-channel cipher negotiation (NCP).
public enum CipherNegotiation {
    /// 2.6's default `--data-ciphers`.
    public static let defaultServerCiphers = ["AES-256-GCM", "AES-128-GCM", "CHACHA20-POLY1305"]

    /// What a client with `IV_NCP>=2` but no `IV_CIPHERS` is assumed to support.
    public static let impliedByNCP2 = ["AES-256-GCM", "AES-128-GCM"]

    /// The ciphers `peerInfo` says the client supports: `IV_CIPHERS`, else `impliedByNCP2` when
    /// `IV_NCP>=2`, else none (the client cannot negotiate).
    public static func clientCiphers(_ peerInfo: PeerInfo) -> [String] {
        if let ciphers = peerInfo.ciphers { return ciphers }
        if let ncp = peerInfo.ncp, ncp >= 2 { return impliedByNCP2 }
        return []
    }

    /// The first of `serverCiphers` present in the client's list (names compared without regard to
    /// case, returned as the server spells them); nil when there is none in common.
    public static func choose(serverCiphers: [String] = defaultServerCiphers, peerInfo: PeerInfo) -> String? {
        let client = Set(clientCiphers(peerInfo).map { $0.uppercased() })
        return serverCiphers.first { client.contains($0.uppercased()) }
    }
}
