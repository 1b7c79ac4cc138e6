// ServerDaemon's structured log events: one line per connect, disconnect, refusal and link
// change, with metadata a log shipper can index — event, peer (certificate or server name),
// session (the data channel's peer id), key (key id), endpoint and reason. The message texts are
// the ones operators and scripts already grep for.

import LanHost
import LanValues
import Logging

extension ServerDaemon {
    var logger: Logger { observation.settings.logger }

    /// Logs `message` about `connection` with its peer, session and endpoint.
    func logEvent(
        _ level: Logger.Level, _ event: String, _ message: String, _ connection: Connection,
        _ extra: Logger.Metadata = [:]
    ) {
        var metadata: Logger.Metadata = [
            "event": "\(event)", "session": "\(connection.data.peerID.value)",
            "endpoint": "\(transportText(connection.transport))",
        ]
        if let name = connection.linkPeer ?? connection.commonName { metadata["peer"] = "\(name)" }
        metadata.merge(extra) { $1 }
        logger.log(level: level, "\(message)", metadata: metadata)
    }

    /// Logs `message` about the link this server dials to `dialer`'s peer.
    func logEvent(_ level: Logger.Level, _ event: String, _ message: String, _ dialer: LinkDialer) {
        var metadata: Logger.Metadata = ["event": "\(event)", "peer": "\(dialer.peer)", "direction": "dials"]
        if let link = dialer.link { metadata["endpoint"] = "\(Self.transportName(link)) \(link.server)" }
        logger.log(level: level, "\(message)", metadata: metadata)
    }
}
