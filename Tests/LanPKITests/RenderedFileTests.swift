// Golden tests of everything lanstitch renders from templates for gaming.yaml: the profile
// (key blocks masked, since keys are random), the bundle's server.yaml, systemd unit and
// sysctl file, and the stock OpenVPN export. Regenerate after an intended change with
//   LANSTITCH_UPDATE_GOLDEN=1 swift test --filter RenderedFileTests
// and review the diff.

import Foundation
import LanPKI
import LanState
import LanTestKit
import Testing

let repositoryRoot = ExampleLAN.repositoryRoot

/// Replaces the contents of PEM and static-key blocks, which are random, with a marker.
func maskKeys(_ text: String) -> String {
    var out: [Substring] = []
    var inBlock = false
    for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
        if line.hasPrefix("-----BEGIN") {
            inBlock = true
            out.append(line)
            out.append("(random)")
        } else if line.hasPrefix("-----END") {
            inBlock = false
            out.append(line)
        } else if !inBlock {
            out.append(line)
        }
    }
    return out.joined(separator: "\n")
}

func compareGolden(_ rendered: String, _ name: String) throws {
    let url = repositoryRoot.appendingPathComponent("Tests/LanPKITests/Golden/\(name)")
    if ProcessInfo.processInfo.environment["LANSTITCH_UPDATE_GOLDEN"] == "1" {
        try rendered.write(to: url, atomically: true, encoding: .utf8)
        return
    }
    let expected = try String(contentsOf: url, encoding: .utf8)
    #expect(rendered == expected, "\(name) differs from its golden file; see the comment at the top of this file")
}

@Suite(.serialized) struct RenderedFileTests {
    @Test func clientProfile() throws {
        let lan = try ExampleLAN()
        defer { lan.remove() }
        let added = try ClientRegistry.add("bob", server: "hongkong", workspace: lan.workspace, now: 1_795_000_000)
        try compareGolden(maskKeys(added.profile), "bob.ovpn")
    }

    @Test func bundle() throws {
        let lan = try ExampleLAN()
        defer { lan.remove() }
        let planned = try lan.workspace.plan()
        let files = try ServerBundle.files("hongkong", workspace: lan.workspace, plan: planned.plan, book: planned.book)
        for name in ["server.yaml", "lanstitch.service", "99-lanstitch.conf"] {
            let file = try #require(files.first { $0.name == name })
            try compareGolden(file.text, "hongkong-\(name)")
        }
        #expect(files.first { $0.name == "server.key" }?.secret == true)
        #expect(files.first { $0.name == "tls-crypt.key" }?.secret == true)
    }

    @Test func openVPNExport() throws {
        let lan = try ExampleLAN()
        defer { lan.remove() }
        let planned = try lan.workspace.plan()
        for server in ["hangzhou", "hongkong"] {
            let files = try OpenVPNExport.files(
                server, workspace: lan.workspace, plan: planned.plan, book: planned.book)
            for file in files
            where !file.name.hasSuffix(".crt") && !file.name.hasSuffix(".key") && file.name != "crl.pem" {
                try compareGolden(file.text, "export-\(server)-\(file.name.replacingOccurrences(of: "/", with: "-"))")
            }
        }
    }
}
