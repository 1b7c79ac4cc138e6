// CertificateName: how certificate common names tell servers from members. A server's
// certificate is `lanstitch-server-NAME`; a member's is its client name. The PKI issues them,
// the daemon reads them to tell a server link from a member.

/// The common-name convention of the LAN's certificates.
public enum CertificateName {
    /// The prefix of every server certificate's common name.
    public static let serverPrefix = "lanstitch-server-"

    /// The common name of server `name`'s certificate.
    public static func server(_ name: String) -> String { serverPrefix + name }

    /// The server name in `commonName`, or nil for a member's certificate.
    public static func serverName(in commonName: String) -> String? {
        commonName.hasPrefix(serverPrefix) ? String(commonName.dropFirst(serverPrefix.count)) : nil
    }
}
