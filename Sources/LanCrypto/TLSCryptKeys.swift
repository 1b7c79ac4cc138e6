// TLSCryptKeys: the four tls-crypt keys one end uses, cut from the 256-byte static key by role
// (reference/openvpn-protocol.md §3.4). tls-crypt directions are fixed: the server sends with
// key[0] and the client with key[1] — the opposite of the data channel (§7.1).
//
//   static key bytes   use
//   0..31              key[0] cipher: AES-256-CTR, server → client
//   64..95             key[0] HMAC:   HMAC-SHA256, server → client
//   128..159           key[1] cipher: AES-256-CTR, client → server
//   192..223           key[1] HMAC:   HMAC-SHA256, client → server

/// The cipher and HMAC keys for each direction of tls-crypt, as seen by one end.
public struct TLSCryptKeys: Equatable, Sendable {
    /// AES-256-CTR key for packets this end sends (32 bytes).
    public let sendCipherKey: [UInt8]
    /// HMAC-SHA256 key for packets this end sends (32 bytes).
    public let sendHMACKey: [UInt8]
    /// AES-256-CTR key for packets this end receives (32 bytes).
    public let receiveCipherKey: [UInt8]
    /// HMAC-SHA256 key for packets this end receives (32 bytes).
    public let receiveHMACKey: [UInt8]

    /// The keys of `role` from `staticKey`.
    public init(staticKey: StaticKey, role: EndpointRole) {
        let bytes = staticKey.bytes
        let serverToClient = (cipher: Array(bytes[0..<32]), hmac: Array(bytes[64..<96]))
        let clientToServer = (cipher: Array(bytes[128..<160]), hmac: Array(bytes[192..<224]))
        let (send, receive) = role == .server ? (serverToClient, clientToServer) : (clientToServer, serverToClient)
        sendCipherKey = send.cipher
        sendHMACKey = send.hmac
        receiveCipherKey = receive.cipher
        receiveHMACKey = receive.hmac
    }
}
