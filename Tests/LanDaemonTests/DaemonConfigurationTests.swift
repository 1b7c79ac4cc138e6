// Loading a bundle as the daemon does: a real bundle from gaming.yaml loads with its routes
// and leases; a missing, damaged or mismatched file stops the load with its path.

import Foundation
import LanDaemon
import LanForwarding
import LanPKI
import LanState
import LanTestKit
import LanValues
import Testing

/// A bundle for `server` of a fresh copy of inventory/gaming.yaml, in a temporary folder.
func makeBundle(_ server: String) throws -> (folder: String, config: String) {
    let lan = try ExampleLAN()
    let planned = try lan.workspace.plan()
    let files = try ServerBundle.files(server, workspace: lan.workspace, plan: planned.plan, book: planned.book)
    try ServerBundle.write(files, to: lan.folder + "/bundle")
    return (lan.folder, lan.folder + "/bundle/server.yaml")
}

func loadProblem(_ path: String) -> String? {
    do {
        _ = try DaemonConfiguration.load(path)
        return nil
    } catch let problems as Diagnostics {
        return problems.description
    } catch {
        return "\(error)"
    }
}

@Suite struct DaemonConfigurationTests {
    @Test func aRealBundleLoadsWithRoutesAndLeases() throws {
        let bundle = try makeBundle("hongkong")
        defer { try? FileManager.default.removeItem(atPath: bundle.folder) }
        let configuration = try DaemonConfiguration.load(bundle.config)
        #expect(configuration.settings.server == "hongkong")
        #expect(configuration.tunnelAddress == IPv4Address(10, 249, 0, 1))
        #expect(configuration.certificate.commonName == "lanstitch-server-hongkong")
        #expect(configuration.routes.lookup(IPv4Address(10, 251, 3, 4)) == .link("hangzhou"))
        #expect(configuration.routes.lookup(IPv4Address(10, 248, 0, 9)) == .clients)
        #expect(configuration.routes.lookup(IPv4Address(10, 1, 0, 1)) == nil)
        #expect(configuration.leases["lei"] == IPv4Address(10, 251, 0, 2))
        #expect(configuration.leases["alice"] == IPv4Address(10, 249, 0, 2))
        #expect(configuration.settings.listen.udp == 1194 && configuration.settings.listen.tcp == 1194)
        #expect(configuration.plan.pools.map(\.description) == ["10.249.0.0/16", "10.248.0.0/16"])
    }

    @Test func brokenBundlesAreRefusedWithThePath() throws {
        let bundle = try makeBundle("hangzhou")
        defer { try? FileManager.default.removeItem(atPath: bundle.folder) }
        let dir = bundle.folder + "/bundle"
        #expect(
            loadProblem(bundle.folder + "/nowhere/server.yaml")?.contains(
                "does not exist; make one with `lanstitch bundle") == true)
        let key = try String(contentsOfFile: dir + "/server.key", encoding: .utf8)
        try "garbage".write(toFile: dir + "/server.key", atomically: true, encoding: .utf8)
        #expect(loadProblem(bundle.config)?.contains("server.key:0:0: is not a valid private key") == true)
        let other = try makeBundle("hongkong")
        defer { try? FileManager.default.removeItem(atPath: other.folder) }
        try FileManager.default.removeItem(atPath: dir + "/server.key")
        try FileManager.default.copyItem(atPath: other.folder + "/bundle/server.key", toPath: dir + "/server.key")
        #expect(loadProblem(bundle.config)?.contains("does not belong to server.crt") == true)
        try key.write(toFile: dir + "/server.key", atomically: true, encoding: .utf8)
        #expect(loadProblem(bundle.config) == nil)
        try FileManager.default.removeItem(atPath: dir + "/crl.pem")
        #expect(loadProblem(bundle.config)?.contains("crl.pem:0:0: cannot be read; the bundle is incomplete") == true)
        // A bad entry in the plan is refused, naming the file and the entry; nothing is dropped.
        let good = try String(contentsOfFile: bundle.config, encoding: .utf8)
        let bad = good.replacingOccurrences(of: "- 10.250.0.0/16", with: "- 10.250.0.9/16")
        #expect(bad != good)
        try bad.write(toFile: bundle.config, atomically: true, encoding: .utf8)
        let problem = loadProblem(bundle.config) ?? ""
        #expect(
            problem.contains("server.yaml:0:0: plan.") && problem.contains("'10.250.0.9/16' has host bits set"),
            "\(problem)")
        try "schema: lanstitch.server/v9\n".write(toFile: bundle.config, atomically: true, encoding: .utf8)
        #expect(loadProblem(bundle.config)?.contains("is not a lanstitch server configuration") == true)
    }
}
