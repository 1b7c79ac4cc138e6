// ControlSocketPath: what may be at a control socket's path — the server replaces only a
// leftover socket, and a client is told plainly when a path is no socket (LanLinux's PathKind).

import LanControl
import LanLinux

extension ControlSocket {
    /// Why `lanstitch server --control PATH` must not serve at `path`, or nil when it may:
    /// nothing is there, or a socket is (a live server's is refused later, when binding).
    /// Anything else — a regular file, a folder, a symbolic link — is left alone.
    public static func problemServing(at path: String) -> String? {
        let kind: PathKind
        do { kind = try PathKind.at(path, followingLinks: false) } catch { return "\(path): \(error)" }
        switch kind {
        case .missing, .socket: return nil
        case .regularFile, .directory, .symbolicLink, .other:
            return "\(path) is \(kind.rawValue), not a socket; lanstitch server replaces only a socket that a "
                + "stopped server left there, and never deletes anything else: give another --control path "
                + "(or remove \(path) yourself if nothing needs it)"
        }
    }

    /// Why `lanstitch status --socket PATH` cannot ask `path`, or nil when it may try: a path
    /// that exists and is not a socket (through links) is named with what it is.
    public static func problemAsking(at path: String) -> String? {
        guard let kind = try? PathKind.at(path, followingLinks: true) else { return nil }
        switch kind {
        case .missing, .socket: return nil
        case .regularFile, .directory, .symbolicLink, .other:
            return "\(path) is \(kind.rawValue), not a socket; give the control socket of a running "
                + "`lanstitch server` (its --control PATH, by default \(folder)/SERVER.sock)"
        }
    }
}
