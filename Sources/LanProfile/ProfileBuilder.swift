// ProfileBuilder: applies a profile's options one by one to a ClientProfile, collecting one
// diagnostic per option lanstitch cannot honour, and checks the whole at the end.

import LanValues

struct ProfileBuilder {
    let file: String
    let read: ClientProfileParser.FileReader
    let blocks: [InlineBlock]
    var profile = ClientProfile()
    var problems: [Diagnostic] = []
    var defaultPort = 1194
    var defaultTransport = ClientProfile.Transport.udp
    /// `remote` lines as written: (host, port?, transport?, where).
    var remotes: [(String, Int?, ClientProfile.Transport?, SourceLocation)] = []
    var pem: [String: (text: String, location: SourceLocation)] = [:]

    init(file: String, read: @escaping ClientProfileParser.FileReader, blocks: [InlineBlock]) {
        self.file = file
        self.read = read
        self.blocks = blocks
        for block in blocks { pem[block.name] = (block.text, block.location) }
    }

    mutating func fail(_ option: ConfigOption, _ message: String) {
        problems.append(Diagnostic(option.location, message))
    }

    static func transport(_ word: String) -> ClientProfile.Transport? {
        switch word {
        case "udp", "udp4", "udp6": return .udp
        case "tcp", "tcp4", "tcp6", "tcp-client", "tcp4-client", "tcp6-client": return .tcp
        default: return nil
        }
    }

    mutating func number(_ option: ConfigOption, at index: Int = 0, in range: ClosedRange<Int>) -> Int? {
        guard index < option.arguments.count, let value = Int(option.arguments[index]), range.contains(value) else {
            fail(option, "\(option.name) needs a number from \(range.lowerBound) to \(range.upperBound)")
            return nil
        }
        return value
    }

    mutating func apply(_ option: ConfigOption, ignoringUnknown ignored: Set<String>) {
        let arguments = option.arguments
        switch option.name {
        case "dev":
            if arguments.first?.hasPrefix("tap") == true {
                fail(option, "TAP devices are not supported; lanstitch is a routed (tun) LAN")
            }
        case "proto":
            if let value = arguments.first.flatMap(Self.transport) {
                defaultTransport = value
            } else {
                fail(option, "proto must be udp or tcp(-client)")
            }
        case "port":
            if let value = number(option, in: 1...65535) { defaultPort = value }
        case "remote":
            guard let host = arguments.first else { return fail(option, "remote needs a host") }
            var port: Int?
            if arguments.count > 1 { port = number(option, at: 1, in: 1...65535) }
            var transport: ClientProfile.Transport?
            if arguments.count > 2 {
                transport = Self.transport(arguments[2])
                if transport == nil { fail(option, "remote's protocol must be udp or tcp") }
            }
            remotes.append((host, port, transport, option.location))
        case "ca", "cert", "key", "tls-crypt":
            guard let path = arguments.first else {
                return fail(option, "\(option.name) needs a file name or an inline <\(option.name)> block")
            }
            if path == "[inline]" { return }
            guard let text = read(path) else { return fail(option, "cannot read \(option.name) file '\(path)'") }
            pem[option.name] = (text, option.location)
        case "tls-auth":
            fail(
                option,
                "tls-auth is not supported by lanstitch up yet; use a profile with tls-crypt (lanstitch client add writes one)"
            )
        case "tls-crypt-v2": fail(option, "tls-crypt-v2 is not supported; use tls-crypt")
        case "auth-user-pass":
            fail(option, "username/password login is not supported; lanstitch uses certificates only")
        case "data-ciphers", "ncp-ciphers":
            profile.dataCiphers = arguments.first?.split(separator: ":").map(String.init) ?? []
        case "cipher": break
        case "remote-cert-tls":
            if arguments.first == "server" {
                profile.requireServerEKU = true
            } else {
                fail(option, "remote-cert-tls must be 'server' in a client profile")
            }
        case "verify-x509-name":
            guard let name = arguments.first else { return fail(option, "verify-x509-name needs a name") }
            let type = arguments.count > 1 ? arguments[1] : "subject"
            switch type {
            case "name": profile.verifyName = (name, false)
            case "name-prefix": profile.verifyName = (name, true)
            default: fail(option, "verify-x509-name type '\(type)' is not supported; use name or name-prefix")
            }
        case "comp-lzo":
            // OpenVPN 2.6 never compresses by default ("allow-compression no"); any comp-lzo
            // setting means the 0xFA stub framing.
            profile.compression = .lzoNo
        case "compress":
            switch arguments.first {
            case nil, "stub": profile.compression = .stub
            case "stub-v2": profile.compression = .stubV2
            default:
                fail(
                    option,
                    "compress \(arguments[0]) is not supported (compression is off in OpenVPN 2.6 by default); remove it"
                )
            }
        case "reneg-sec": profile.renegotiateSeconds = number(option, in: 0...86_400 * 7)
        case "explicit-exit-notify": profile.explicitExitNotify = arguments.isEmpty ? 1 : number(option, in: 0...60)
        case "server-poll-timeout": profile.serverPollTimeout = number(option, in: 1...3600)
        default:
            guard !ClientProfile.harmless.contains(option.name), !ignored.contains(option.name) else { return }
            fail(option, "unknown option '\(option.name)'; remove it, or list it in 'ignore-unknown-option'")
        }
    }

    mutating func finish(sawClient: Bool) throws(Diagnostics) -> ClientProfile {
        let start = SourceLocation(file: file, line: 1, column: 1)
        if !sawClient { problems.append(Diagnostic(start, "not a client profile: it has no 'client' line")) }
        profile.remotes = remotes.map {
            .init(host: $0.0, port: $0.1 ?? defaultPort, transport: $0.2 ?? defaultTransport)
        }
        if profile.remotes.isEmpty {
            problems.append(Diagnostic(start, "no 'remote' line: the profile names no server"))
        }
        for name in ["ca", "cert", "key"] where pem[name] == nil {
            problems.append(Diagnostic(start, "no <\(name)> block or '\(name)' file"))
        }
        profile.ca = pem["ca"]?.text ?? ""
        profile.certificate = pem["cert"]?.text ?? ""
        profile.key = pem["key"]?.text ?? ""
        profile.tlsCrypt = pem["tls-crypt"]?.text
        guard problems.isEmpty else { throw Diagnostics(problems) }
        return profile
    }
}
