// EventLog: the server's structured log events — one line per connect, disconnect, refusal and
// link change, with metadata a log shipper can index: event, peer (certificate or server name),
// session (the data channel's peer id), key (key id), endpoint and reason. The message texts
// are the ones operators and scripts already grep for.

import LanDataPlane
import LanHost
import Logging

/// Logs events about connections and dialled links.
struct EventLog {
    let logger: Logger

    /// Logs `message` about `connection` with its peer, session and endpoint.
    func log(
        _ level: Logger.Level, _ event: String, _ message: String, _ connection: Connection,
        _ extra: Logger.Metadata = [:]
    ) {
        var metadata: Logger.Metadata = [
            "event": "\(event)", "session": "\(connection.peerID.value)",
            "endpoint": "\(connection.transport.text)",
        ]
        if let name = connection.linkPeer ?? connection.commonName { metadata["peer"] = "\(name)" }
        metadata.merge(extra) { $1 }
        logger.log(level: level, "\(message)", metadata: metadata)
    }

    /// Logs `message` about the link this server dials to `dialer`'s peer.
    func log(_ level: Logger.Level, _ event: String, _ message: String, _ dialer: LinkDialer) {
        var metadata: Logger.Metadata = ["event": "\(event)", "peer": "\(dialer.peer)", "direction": "dials"]
        if let link = dialer.link { metadata["endpoint"] = "\(link.transportName) \(link.server)" }
        logger.log(level: level, "\(message)", metadata: metadata)
    }
}
