// ForwardingTarget: where the data plane forwards a prefix, from the plan's internal routes
// (and the live re-plans of link state).

/// Where the daemon forwards a prefix.
public enum ForwardingTarget: Equatable, Sendable {
    /// A client of this server holds the address.
    case clients
    /// This server's own site LAN, through the host's TUN device.
    case site
    /// Over the link to a neighbouring server.
    case link(String)
}
