// IVProto: the capability bits a client announces in its `IV_PROTO` peer-info line
// (reference §6.2). The server's push decisions (peer-id, protocol-flags, key-derivation) follow
// from them (§8.2).

/// The `IV_PROTO` bit field. Names follow the spec (`IV_PROTO_DATA_V2`, …).
public struct IVProto: OptionSet, Hashable, Sendable {
    /// The decimal value of the `IV_PROTO` line.
    public let rawValue: UInt32

    /// The bits of an `IV_PROTO` value; unknown bits are kept.
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    /// Bit 1: can send and receive P_DATA_V2 → push `peer-id`.
    public static let dataV2 = IVProto(rawValue: 1 << 1)
    /// Bit 2: the server may send PUSH_REPLY without waiting for PUSH_REQUEST.
    public static let requestPush = IVProto(rawValue: 1 << 2)
    /// Bit 3: can derive data keys with TLS-EKM → push `tls-ekm`.
    public static let tlsKeyExport = IVProto(rawValue: 1 << 3)
    /// Bit 4: accepts `AUTH_PENDING,timeout N`.
    public static let authPendingKW = IVProto(rawValue: 1 << 4)
    /// Bit 5: the peer runs P2P NCP (no `--pull`).
    public static let ncpP2P = IVProto(rawValue: 1 << 5)
    /// Bit 6: accepts the pushed `dns` option.
    public static let dnsOption = IVProto(rawValue: 1 << 6)
    /// Bit 7: accepts `protocol-flags`; sends the exit notification as an "EXIT" control message.
    public static let ccExitNotify = IVProto(rawValue: 1 << 7)
    /// Bit 8: accepts `AUTH_FAILED,TEMP…`.
    public static let authFailTemp = IVProto(rawValue: 1 << 8)
    /// Bit 9: supports dynamic tls-crypt (which lanstitch never negotiates, §3.7).
    public static let dynTLSCrypt = IVProto(rawValue: 1 << 9)
    /// Bit 10 (openvpn3 / 2.7): data epoch keys; ignored by 2.6.
    public static let dataEpoch = IVProto(rawValue: 1 << 10)
    /// Bit 11 (openvpn3 / 2.7): `dns` option v2; ignored by 2.6.
    public static let dnsOptionV2 = IVProto(rawValue: 1 << 11)
    /// Bit 12 (openvpn3 / 2.7): PUSH_UPDATE; ignored by 2.6.
    public static let pushUpdate = IVProto(rawValue: 1 << 12)

    /// What a stock 2.6 client announces: 990 (§6.2).
    public static let openVPN26Client: IVProto = [
        .dataV2, .requestPush, .tlsKeyExport, .authPendingKW, .dnsOption, .ccExitNotify, .authFailTemp,
        .dynTLSCrypt,
    ]

    /// What lanstitch's client announces (§11): 142 = DATA_V2 | REQUEST_PUSH | TLS_KEY_EXPORT |
    /// CC_EXIT_NOTIFY; never DYN_TLS_CRYPT, and no AUTH_PENDING_KW / AUTH_FAIL_TEMP until handled.
    public static let lanstitchClient: IVProto = [.dataV2, .requestPush, .tlsKeyExport, .ccExitNotify]
}
