// LabUp: `lanstitch lab up INVENTORY` — 1. remove an earlier lab of the inventory; 2. the PKI
// (as `lanstitch init`), a bundle per server (as `lanstitch bundle`), a profile per client (as
// `lanstitch client add`); 3. the namespaces (LabNetwork); 4. the servers, each waited for;
// 5. the clients, waited for until each holds its leased address. Any failure names the node,
// quotes its log, and removes everything made so far.

import Foundation
import LanControl
import LanControlClient
import LanPKI
import LanState
import LanValues

/// Brings a lab up.
public enum LabUp {
    /// How long servers get to start, and clients to get their addresses.
    public static let serverSeconds = 20.0
    public static let clientSeconds = 30.0

    /// Builds and starts the lab of `lab`; `say` gets progress lines. Returns the record.
    public static func run(_ lab: LabContext, say: (String) -> Void) throws -> LabRecord {
        try LabContext.requireRoot()
        _ = try HostTool.require("ip", package: "iproute2")
        return try lab.files.withLock { try runHoldingLock(lab, say: say) }
    }

    static func runHoldingLock(_ lab: LabContext, say: (String) -> Void) throws -> LabRecord {
        let removed = try LabTeardown.remove(prefix: lab.prefix, record: try? lab.record())
        try? FileManager.default.removeItem(atPath: lab.files.record)
        if !removed.isEmpty {
            say(
                "removed an earlier lab of \(lab.path): \(removed.processes) processes, \(removed.namespaces.count) namespaces"
            )
        }
        let layout = try prepareFiles(lab)
        var record = LabRecord(inventory: lab.realPath, layout: layout)
        try record.write(to: lab.files.record)
        do {
            for command in LabNetwork.commands(layout) { try HostTool.check(command) }
            let executable = try LabContext.executable()
            let servers = layout.nodes.filter { $0.role == .server }
            for node in servers { try start(node, command: try serverCommand(node, lab, executable), lab, &record) }
            try waitForServers(servers, record)
            let clients = layout.nodes.filter { $0.role == .client }
            for node in clients { try start(node, command: try clientCommand(node, lab, executable), lab, &record) }
            try waitForClients(clients, record)
        } catch {
            _ = try? LabTeardown.remove(prefix: lab.prefix, record: record)
            try? FileManager.default.removeItem(atPath: lab.files.record)
            throw error
        }
        return record
    }

    /// PKI, bundles and profiles in the lab folder; returns the layout they fit.
    static func prepareFiles(_ lab: LabContext) throws -> LabLayout {
        let workspace = lab.workspace
        let now = Int64(Date().timeIntervalSince1970)
        let planned = try workspace.plan()
        let layout = try LabLayout.make(inventory: workspace.inventory, plan: planned.plan, realPath: lab.realPath)
        if layout.nodes.contains(where: { $0.program == .openvpn }) {
            _ = try HostTool.require("openvpn", package: "openvpn")
        }
        if layout.nodes.contains(where: { $0.program == .openvpn3 }), HostTool.find(openVPN3Client) == nil {
            throw LabError(
                "\(openVPN3Client) (the OpenVPN 3 core client, for lab.openvpn3_clients) is not on PATH: build it with scripts/lib/openvpn3.sh (`source scripts/lib/openvpn3.sh; openvpn3_client` prints its path) and put its folder on PATH"
            )
        }
        _ = try PKIInitializer.ensure(workspace, now: now)
        try lab.files.create()
        for node in layout.nodes {
            let name = try node.pathName()
            try AtomicFile.write(Data(), to: lab.files.log(name), mode: 0o644)
            switch node.role {
            case .server:
                try ServerBundle.write(node.name, workspace: workspace, to: lab.files.bundle(name))
            case .client:
                let added = try ClientRegistry.add(node.name, server: node.server ?? "", workspace: workspace, now: now)
                try LabFiles.writeSecret(added.profile, to: lab.files.profile(name))
            case .site:
                break
            }
        }
        return layout
    }

    static func serverCommand(_ node: LabNode, _ lab: LabContext, _ executable: String) throws -> [String] {
        [
            "ip", "netns", "exec", node.namespace, executable, "server", "--config",
            lab.files.serverConfig(try node.pathName()),
            "--control", controlSocket(node),
        ]
    }

    /// A lab server's control socket: named by its namespace, so labs never share one.
    public static func controlSocket(_ node: LabNode) -> String {
        ControlSocket.path(node.namespace)
    }

    /// The program name of the OpenVPN 3 core client, looked up on PATH.
    public static let openVPN3Client = "ovpncli"

    static func clientCommand(_ node: LabNode, _ lab: LabContext, _ executable: String) throws -> [String] {
        let profile = lab.files.profile(try node.pathName())
        let program: [String]
        switch node.program ?? .openvpn {
        case .lanstitch: program = [executable, "up", profile]
        // Its full path: `ip netns exec` runs it with root's PATH, which may lack the folder.
        case .openvpn3: program = [HostTool.find(openVPN3Client) ?? openVPN3Client, profile]
        case .openvpn: program = ["openvpn", "--config", profile, "--verb", "3"]
        }
        return ["ip", "netns", "exec", node.namespace] + program
    }

    /// Starts `command` for `node` and records it (pid and start time) in lab.json at once.
    static func start(_ node: LabNode, command: [String], _ lab: LabContext, _ record: inout LabRecord) throws {
        let log = lab.files.log(try node.pathName())
        let pid = try ProcessControl.spawnDetached(command, log: log)
        let startTime = ProcessControl.startTime(of: pid) ?? 0
        record.processes.append(LabProcess(node: node.name, pid: pid, startTime: startTime, command: command, log: log))
        try record.write(to: lab.files.record)
    }

    /// Waits until every server answers `status` on its control socket.
    static func waitForServers(_ servers: [LabNode], _ record: LabRecord) throws {
        try waitUntil(servers, record, seconds: serverSeconds, what: "did not answer on its control socket") {
            node, _ in answersStatus(node)
        }
    }

    /// True when `node`'s server answers `status` on its control socket: the daemon serves the
    /// socket only from its run loop, so it has its tunnel, kernel routes and ports by then.
    static func answersStatus(_ node: LabNode) -> Bool {
        (try? ControlClient.status(socket: controlSocket(node), timeoutMilliseconds: 500)) != nil
    }

    /// Waits until every client's namespace holds the client's leased address.
    static func waitForClients(_ clients: [LabNode], _ record: LabRecord) throws {
        try waitUntil(clients, record, seconds: clientSeconds, what: "did not get its address") { node, _ in
            let addresses = (try? LabInspector.addresses(in: node.namespace)) ?? []
            return addresses.contains { $0.address == node.lanAddress }
        }
    }

    /// Polls `ready` for every node until all are, one dies, or `seconds` pass.
    static func waitUntil(
        _ nodes: [LabNode], _ record: LabRecord, seconds: Double, what: String,
        ready: (LabNode, LabProcess) -> Bool
    ) throws {
        let deadline = Date().addingTimeInterval(seconds)
        var waiting = nodes
        while !waiting.isEmpty {
            for node in waiting {
                guard let process = record.process(of: node.name) else { continue }
                if ProcessControl.reap(process.pid)
                    || !ProcessControl.isAlive(process.pid, startTime: process.startTime)
                {
                    throw failure(node, process, "exited")
                }
            }
            waiting.removeAll { node in record.process(of: node.name).map { ready(node, $0) } ?? true }
            if waiting.isEmpty { return }
            if Date() >= deadline, let node = waiting.first, let process = record.process(of: node.name) {
                throw failure(node, process, "\(what) within \(Int(seconds)) s")
            }
            usleep(200_000)
        }
    }

    /// A LabError naming the node and quoting the end of its log.
    static func failure(_ node: LabNode, _ process: LabProcess, _ what: String) -> LabError {
        let log = (try? String(contentsOfFile: process.log, encoding: .utf8)) ?? ""
        let lines = log.split(separator: "\n", omittingEmptySubsequences: false)
        let tail = lines.reversed().drop { $0.isEmpty }.reversed().suffix(20).map { "  | \($0)" }
        return LabError(
            "\(node.role.rawValue) \(node.name) \(what) (namespace \(node.namespace)); last lines of \(process.log):\n"
                + tail.joined(separator: "\n"))
    }
}
