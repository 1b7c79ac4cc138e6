// OpenVPN3Options: what the OpenVPN 3 core client (the engine of OpenVPN Connect on Windows,
// macOS, iOS and Android) does with each option of a profile, as our own data. Learned by
// reading the pinned source in ../shared/third-party/openvpn3-aa57ac46.tar.gz:
//   openvpn/client/cliopt.hpp  the option groups it refuses (removed, server-only, push-only,
//                              standalone, management) or warns about and ignores, the
//                              incompatible options (secret, fragment, mode, key-method), and
//                              the rule that any option nothing parsed is fatal ("unused
//                              options")
//   openvpn/ssl/proto.hpp, ssl/kuparse.hpp, ssl/verify_x509_name.hpp, client/optfilt.hpp,
//   client/remotelist.hpp, tun/client/tunprop.hpp, options/merge.hpp
//                              the options it parses (the `accepted` list below)
// The lists are not complete copies: `fatal` and `ignored` hold the groups that matter for a
// client profile, `accepted` the options a lanstitch or stock 2.6 client profile may use.
// Checked against ovpncli built from that source: each option below, appended with an argument
// to a profile from `lanstitch client add`, was refused at once when listed as fatal and was
// not when listed as accepted or ignored. Three options cliopt.hpp lists as push-only or
// server-only are read from a client profile all the same (ping and ping-restart by
// ssl/proto.hpp; dh is let through), so they are filed as what the client does.

/// How OpenVPN 3 core treats one option in a client profile.
enum OpenVPN3Verdict: Equatable {
    /// Parsed and honoured.
    case accepted
    /// Logged as unsupported or not implemented, then ignored: the connection goes ahead.
    case ignored
    /// The profile is refused before connecting; the reason says which group it falls in.
    case fatal(String)
}

enum OpenVPN3Options {
    /// Options it parses (each found read in the files named at the top).
    static let accepted: Set<String> = [
        "auth", "auth-nocache", "auth-user-pass", "block-ipv6", "ca", "cert", "cipher", "client", "comp-lzo",
        "compress", "dev", "dev-type", "dhcp-option", "extra-certs", "hand-window", "http-proxy", "key",
        "key-direction", "mssfix", "ns-cert-type", "peer-fingerprint", "ping", "ping-restart", "port", "proto",
        "pull-filter",
        "redirect-gateway", "remote", "remote-cert-eku", "remote-cert-ku", "remote-cert-tls", "remote-random",
        "reneg-sec", "route", "route-ipv6", "route-nopull", "server-poll-timeout", "setenv", "static-challenge",
        "tls-auth", "tls-cert-profile", "tls-crypt", "tls-crypt-v2", "tls-timeout", "tls-version-min",
        "tran-window", "tun-mtu", "verify-x509-name",
    ]

    /// Options it logs and ignores (cliopt.hpp: "Unsupported option (ignored)", "Feature not
    /// implemented (option ignored)", "Ignored (no script/plugin support)", and those it ignores
    /// silently).
    static let ignored: Set<String> = [
        // unsupported, ignored with a warning
        "allow-compression", "allow-recursive-routing", "auth-retry", "compat-mode", "connect-retry",
        "connect-retry-max", "connect-timeout", "data-ciphers", "data-ciphers-fallback", "disable-dco",
        "disable-occ", "engine", "explicit-exit-notify", "group", "ifconfig-nowarn", "ip-win32", "keepalive",
        "link-mtu", "machine-readable-output", "mark", "mute", "ncp-ciphers", "nice", "opt-verify", "passtos",
        "persist-key", "persist-tun", "preresolve", "providers", "remap-usr1", "reneg-bytes", "reneg-pkts",
        "replay-window", "resolv-retry", "route-method", "route-delay", "show-net-up", "socket-flags",
        "suppress-timestamps", "tcp-nodelay", "tls-version-max", "tun-mtu-extra", "udp-mtu", "user",
        // not implemented, safe to ignore
        "allow-pull-fqdn", "bind", "local", "lport", "mlock", "mtu-disc", "mtu-test", "persist-local-ip",
        "persist-remote-ip", "shaper", "tls-exit",
        // scripts and plugins (none run)
        "down", "down-pre", "ifconfig-noexec", "ipchange", "learn-address", "plugin", "route-noexec",
        "route-pre-down", "route-up", "setenv-safe", "tls-export-cert", "tls-verify", "up", "up-delay",
        "x509-track",
        // ignored without a word
        "ecdh-curve", "fast-io", "max-routes", "mute-replay-warnings", "nobind", "prng", "rcvbuf",
        "replay-persist", "script-security", "sndbuf", "tmp-dir", "tun-ipv6", "txqueuelen", "verb",
        // server-only in cliopt.hpp, yet not refused in a client profile
        "dh",
    ]

    /// Options that make it refuse the profile, by the group cliopt.hpp puts them in.
    static let fatal: [String: String] = {
        var groups: [String: String] = [:]
        func add(_ reason: String, _ names: [String]) { for name in names { groups[name] = reason } }
        add(
            "server-only option",
            [
                "auth-gen-token", "auth-gen-token-secret", "auth-user-pass-optional", "auth-user-pass-verify",
                "bcast-buffers", "ccd-exclusive", "client-config-dir", "client-connect", "client-disconnect",
                "client-to-client", "connect-freq", "disable", "duplicate-cn", "hash-size",
                "ifconfig-ipv6-pool", "ifconfig-pool", "ifconfig-pool-persist", "ifconfig-push",
                "ifconfig-push-constraint", "iroute", "iroute-ipv6", "max-clients", "max-routes-per-client", "push",
                "push-remove", "push-reset", "server", "server-bridge", "server-ipv6", "stale-routes-check",
                "tls-crypt-v2-verify", "username-as-common-name", "verify-client-cert", "vlan-accept", "vlan-pvid",
                "vlan-tagging",
            ])
        add(
            "allowed only when pushed by the server",
            [
                "auth-token", "auth-token-user", "echo", "parameter", "ping-exit", "key-derivation", "peer-id",
                "protocol-flags", "ifconfig", "ifconfig-ipv6", "topology",
                "route-gateway",
            ])
        add(
            "removed option", ["mtu-dynamic", "no-replay", "no-name-remapping", "compat-names", "ncp-disable", "no-iv"])
        add(
            "OpenVPN 2.x command-line operation",
            [
                "genkey", "mktun", "rmtun", "show-ciphers", "show-curves", "show-digests", "show-engines",
                "show-groups", "show-tls", "test-crypto",
            ])
        add(
            "not implemented, not safe to ignore",
            [
                "askpass", "capath", "cd", "chroot", "client-nat", "cryptoapicert", "daemon", "errors-to-stderr",
                "gremlin", "lladdr", "log", "log-append", "memstats", "msg-channel", "ping-timer-rem",
                "single-session", "socks-proxy", "status", "status-version", "syslog", "tls-server", "verify-hash",
                "win-sys", "writepid", "x509-username-field",
            ])
        add("static-key mode is not supported", ["secret"])
        add("fragment is not supported", ["fragment"])
        return groups
    }()

    /// The verdict on one option line's words (`mode` and `key-method` depend on their value;
    /// every `management*` option is fatal; any option nothing parses is fatal).
    static func verdict(_ words: [String]) -> OpenVPN3Verdict {
        guard let name = words.first else { return .accepted }
        if let reason = fatal[name] { return .fatal(reason) }
        if name.hasPrefix("management") { return .fatal("management interface is not supported") }
        switch name {
        case "mode": return words == ["mode", "p2p"] ? .accepted : .fatal("only 'mode p2p' is supported")
        case "key-method": return words == ["key-method", "2"] ? .accepted : .fatal("only 'key-method 2' is supported")
        default: break
        }
        if accepted.contains(name) { return .accepted }
        if ignored.contains(name) { return .ignored }
        return .fatal("unknown option (nothing parses it)")
    }
}
