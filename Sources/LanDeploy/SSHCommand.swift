// SSHCommand: the system OpenSSH client's command lines for deploy (pure), and what its
// failures mean in words a user can act on. Batch mode (never a password prompt), host keys
// checked against one known_hosts file, one shared connection per host (ControlMaster) so
// the several steps of a deploy need one handshake.

import LanInventory

/// How deploy runs ssh.
public struct SSHOptions: Sendable, Equatable {
    /// The known_hosts file host keys are checked against (default ~/.ssh/known_hosts).
    public var knownHosts: String
    /// A private folder for ControlMaster sockets (nil: a new connection per command).
    public var controlFolder: String?
    /// Seconds to wait for the TCP connection and the SSH handshake.
    public var connectTimeout: Int

    public init(knownHosts: String, controlFolder: String? = nil, connectTimeout: Int = 10) {
        self.knownHosts = knownHosts
        self.controlFolder = controlFolder
        self.connectTimeout = connectTimeout
    }
}

public enum SSHCommand {
    /// `ssh … -- HOST REMOTE`: runs the shell text `remote` on the target's host.
    public static func arguments(_ target: DeployTarget, _ options: SSHOptions, remote: String) -> [String] {
        base(target, options) + ["--", target.ssh.host, remote]
    }

    /// `ssh -O exit …`: ends the shared connection to the target's host, if one is open.
    public static func closeArguments(_ target: DeployTarget, _ options: SSHOptions) -> [String] {
        base(target, options) + ["-O", "exit", "--", target.ssh.host]
    }

    static func base(_ target: DeployTarget, _ options: SSHOptions) -> [String] {
        var arguments = [
            "ssh", "-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=yes", "-o",
            "UserKnownHostsFile=\(options.knownHosts)", "-o", "GlobalKnownHostsFile=/dev/null", "-o",
            "ConnectTimeout=\(options.connectTimeout)", "-o", "ServerAliveInterval=5", "-o", "ServerAliveCountMax=3",
            "-o", "LogLevel=ERROR", "-p", String(target.ssh.port), "-l", target.ssh.user,
        ]
        if let key = target.key { arguments += ["-i", key, "-o", "IdentitiesOnly=yes"] }
        if let folder = options.controlFolder {
            arguments += [
                "-o", "ControlMaster=auto", "-o", "ControlPath=\(folder)/%C", "-o", "ControlPersist=60",
            ]
        }
        return arguments
    }

    /// What a failed ssh run (exit status 255: ssh's own failure) means, and how to fix it.
    public static func explain(_ errors: String, target: DeployTarget, options: SSHOptions) -> String {
        let ssh = target.ssh
        let where_ = "\(ssh.host):\(ssh.port)"
        let scan = "ssh-keyscan -p \(ssh.port) \(ssh.host) >> \(options.knownHosts)"
        if errors.contains("REMOTE HOST IDENTIFICATION HAS CHANGED") || errors.contains("Host key for") {
            return
                "host key of \(where_) does not match the one in \(options.knownHosts) (reinstalled server, or someone in between); if you know why, remove the old key with `ssh-keygen -R '\(ssh.knownHostsName)' -f \(options.knownHosts)`, check the new fingerprint on the server and add it: \(scan)"
        }
        if errors.contains("Host key verification failed") || errors.contains("host key is known") {
            return
                "host key of \(where_) is not in \(options.knownHosts); check the server's fingerprint (on it: ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub), then add it: \(scan)"
        }
        if errors.contains("Permission denied") {
            let key = target.key ?? "ssh's default keys"
            return
                "\(ssh.user)@\(ssh.host) refused the login with \(key); put the public key into \(ssh.user)'s ~/.ssh/authorized_keys on the host, or set ssh_key: in the inventory"
        }
        let unreachable = [
            "Connection refused", "timed out", "No route to host", "Network is unreachable", "Could not resolve",
            "Name or service not known", "Connection closed", "Connection reset",
        ]
        if let reason = unreachable.first(where: { errors.contains($0) }) {
            return
                "cannot reach \(where_) over SSH (\(reason.lowercased())); is the host up, sshd running, the port right?"
        }
        let last = errors.split(separator: "\n").last.map(String.init) ?? "no message"
        return "ssh to \(ssh.user)@\(where_) failed: \(last)"
    }
}
