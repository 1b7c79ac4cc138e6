// Reading client profiles: lanstitch's own profiles round-trip, stock-style profiles with file
// references and quoting are understood, and what lanstitch up cannot honour is refused with
// its line and column.

import Foundation
import LanPKI
import LanProfile
import LanState
import LanTestKit
import LanValues
import Testing

func parse(_ text: String, files: [String: String] = [:]) throws(Diagnostics) -> ClientProfile {
    try ClientProfileParser.parse(text, file: "p.ovpn", read: { files[$0] })
}

func problems(_ text: String) -> [String] {
    do {
        _ = try parse(text)
        return []
    } catch {
        return error.items.map { "\($0.location.line):\($0.location.column): \($0.message)" }
    }
}

let minimal = """
    client
    dev tun
    remote 192.0.2.1
    <ca>
    CA
    </ca>
    <cert>
    CERT
    </cert>
    <key>
    KEY
    </key>
    """

@Suite struct ClientProfileTests {
    @Test func readsAProfileFromClientAdd() throws {
        let lan = try ExampleLAN()
        defer { lan.remove() }
        let workspace = lan.workspace
        let added = try ClientRegistry.add("bob", server: "hongkong", workspace: workspace, now: 1_795_000_000)
        let profile = try parse(added.profile)
        #expect(
            profile.remotes.map { "\($0.host):\($0.port)/\($0.transport.rawValue)" } == [
                "198.51.100.20:1194/udp", "198.51.100.20:1194/tcp", "203.0.113.10:1194/udp", "203.0.113.10:1194/tcp",
            ])
        #expect(profile.ca.hasPrefix("-----BEGIN CERTIFICATE-----"))
        #expect(profile.key.contains("PRIVATE KEY"))
        #expect(profile.tlsCrypt?.contains("BEGIN OpenVPN Static key V1") == true)
        #expect(profile.requireServerEKU)
        #expect(profile.verifyName?.name == "lanstitch-server-" && profile.verifyName?.prefix == true)
        #expect(profile.dataCiphers == ["AES-256-GCM", "CHACHA20-POLY1305"])
        #expect(profile.serverPollTimeout == 3)
    }

    @Test func stockStyleProfilesWithFilesQuotesAndDefaults() throws {
        let text = """
            # a stock profile
            client
            dev tun0
            proto tcp-client
            port 443
            remote vpn.example.com
            remote 192.0.2.9 1195 udp ; second
            ca "ca file.crt"
            cert client.crt
            key 'client.key'
            tls-crypt tc.key
            comp-lzo no
            reneg-sec 30
            explicit-exit-notify
            verb 4
            """
        let profile = try parse(
            text, files: ["ca file.crt": "CA", "client.crt": "CERT", "client.key": "KEY", "tc.key": "TC"])
        #expect(
            profile.remotes == [
                .init(host: "vpn.example.com", port: 443, transport: .tcp),
                .init(host: "192.0.2.9", port: 1195, transport: .udp),
            ])
        #expect(profile.ca == "CA" && profile.certificate == "CERT" && profile.key == "KEY" && profile.tlsCrypt == "TC")
        #expect(profile.compression == .lzoNo)
        #expect(profile.renegotiateSeconds == 30)
        #expect(profile.explicitExitNotify == 1)
    }

    @Test func whatCannotBeHonouredIsRefusedWithItsPlace() {
        let text =
            minimal
            + "\ntls-auth ta.key 1\n  auth-user-pass\ndev tap0\ncompress lz4\nfrobnicate 1\nverify-x509-name x subject\n"
        let found = problems(text)
        #expect(found.contains { $0.hasPrefix("13:1: tls-auth is not supported") })
        #expect(found.contains { $0.hasPrefix("14:3: username/password login is not supported") })
        #expect(found.contains { $0.hasPrefix("15:1: TAP devices are not supported") })
        #expect(found.contains { $0.hasPrefix("16:1: compress lz4 is not supported") })
        #expect(found.contains { $0.hasPrefix("17:1: unknown option 'frobnicate'") })
        #expect(found.contains { $0.hasPrefix("18:1: verify-x509-name type 'subject' is not supported") })
        #expect(problems(minimal + "\nignore-unknown-option frobnicate\nfrobnicate 1\n").isEmpty)
    }

    /// Found by the profile fuzzer: Swift reads "\r\n" as one Character, so splitting the text at
    /// "\n" Characters left a profile saved on Windows as one long line.
    @Test func aProfileWithWindowsLineEndsReadsAsWithUnixOnes() throws {
        let windows = (minimal + "\nremote 192.0.2.2 1195 tcp\n").replacingOccurrences(of: "\n", with: "\r\n")
        let profile = try parse(windows)
        #expect(profile == (try parse(minimal + "\nremote 192.0.2.2 1195 tcp\n")))
        #expect(profile.remotes.map(\.host) == ["192.0.2.1", "192.0.2.2"] && profile.ca == "CA\n")
        #expect(problems(windows + "frobnicate 1\r\n").contains { $0.hasPrefix("14:1: unknown option 'frobnicate'") })
    }

    @Test func missingPiecesAndBrokenSyntax() {
        #expect(problems("remote x\n").contains("1:1: not a client profile: it has no 'client' line"))
        #expect(problems("client\n").contains("1:1: no 'remote' line: the profile names no server"))
        #expect(problems("client\nremote x\n").contains("1:1: no <key> block or 'key' file"))
        #expect(
            problems(minimal + "\n<tls-crypt>\nabc\n").contains("13:1: <tls-crypt> is never closed; add </tls-crypt>"))
        #expect(problems(minimal + "\nremote \"x\n").contains("13:1: a quote is never closed on this line"))
        #expect(problems(minimal + "\nremote x 99999\n").contains("13:1: remote needs a number from 1 to 65535"))
        #expect(problems(minimal + "\nca nowhere.crt\n").contains("13:1: cannot read ca file 'nowhere.crt'"))
    }
}
