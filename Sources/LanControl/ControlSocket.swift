// ControlSocket: where control sockets live — the folder `lanstitch server` puts SERVER.sock in
// by default, where `lanstitch status` looks for sockets, and where `lanstitch lab` puts its
// servers' sockets (named by namespace). What may be at a control socket's path is checked in
// LanControlClient's ControlSocketPath.swift (it asks the file system).

/// The places of control sockets on a host.
public enum ControlSocket {
    /// The default folder of control sockets; a server's socket is SERVER.sock in it.
    public static let folder = "/run/lanstitch"

    /// The socket called `name`.sock in `folder` (a server's name, or a lab server's namespace).
    public static func path(_ name: String) -> String { "\(folder)/\(name).sock" }

}

/// A control socket path that cannot be used, said plainly (the message names the path).
public struct ControlSocketError: Error, CustomStringConvertible, Sendable {
    public var description: String
    public init(_ description: String) { self.description = description }
}
