// SessionConfiguration and SessionEvent: what a control session is set up with, and what it
// tells its owner (the daemon or `lanstitch up`). The session never acts on the world itself.

import LanCrypto
import LanWire

/// How one side runs its control sessions.
public struct SessionConfiguration: Sendable {
    public var role: EndpointRole
    public var tls: TLSContext
    /// The LAN's tls-crypt key.
    public var tlsCrypt: StaticKey
    /// The OCC options string sent in key-method 2 (§6.3).
    public var options: String
    /// Client only: the peer-info lines sent in key-method 2 (§6.2).
    public var peerInfo: String
    /// A key state must become active within this time (`hand-window`, §4.3).
    public var handshakeWindow: Duration
    /// Client: PUSH_REQUEST is repeated this often until PUSH_REPLY arrives (§8.1).
    public var pushRequestInterval: Duration
    /// Start a renegotiation this long after a key became active (`reneg-sec`); nil: never.
    public var renegotiateAfter: Duration?
    /// How long a replaced key keeps decrypting (`tran-window`, §10).
    public var transitionWindow: Duration
    /// Wall-clock Unix seconds, written once as the tls-crypt replay time (§3.6).
    public var unixTime: UInt32

    public init(
        role: EndpointRole, tls: TLSContext, tlsCrypt: StaticKey, options: String, peerInfo: String = "",
        handshakeWindow: Duration = .seconds(60), pushRequestInterval: Duration = .seconds(5),
        renegotiateAfter: Duration? = nil, transitionWindow: Duration = .seconds(60), unixTime: UInt32
    ) {
        self.role = role
        self.tls = tls
        self.tlsCrypt = tlsCrypt
        self.options = options
        self.peerInfo = peerInfo
        self.handshakeWindow = handshakeWindow
        self.pushRequestInterval = pushRequestInterval
        self.renegotiateAfter = renegotiateAfter
        self.transitionWindow = transitionWindow
        self.unixTime = unixTime
    }
}

/// What a session tells its owner.
public enum SessionEvent: Sendable {
    /// Server: the client passed TLS and sent its key-method message. Answer with
    /// `accept(push:cipher:)` or `refuse(reason:)`.
    case peerAuthenticated(commonName: String, peerInfo: PeerInfo, options: String)
    /// Client: the server's PUSH_REPLY, whole (continuations merged).
    case configured(PushReply)
    /// Data-channel keys for a key id are ready: install them.
    case keysReady(KeyID, DataChannelKeys)
    /// A replaced key's transition window ended: stop accepting it.
    case keysRetired(KeyID)
    /// A control-channel text message the session does not handle itself.
    case message(ControlMessage)
    /// The session is over; drop it.
    case closed(String)
}
