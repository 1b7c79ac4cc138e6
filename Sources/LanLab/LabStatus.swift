// LabStatus: `lanstitch lab status INVENTORY [--json]` — each node with its role, namespace,
// addresses and whether its process runs, and the ping matrix, pinged in parallel (at most
// `concurrency` pings at once, each `ping -c 1 -W 1`).

import Foundation
import LanControl
import LanControlClient
import LanStatus
import LanValues

/// The state of one node.
public struct NodeStatus: Codable, Equatable, Sendable {
    public var name: String
    public var role: LabRole
    public var namespace: String
    public var underlay: HostAddress
    public var lanAddress: IPv4Address
    public var program: ClientProgram?
    public var server: String?
    /// Every IPv4 address in the namespace, loopback left out.
    public var addresses: [DeviceAddress]
    /// The node's process (none for site hosts) and whether it still runs.
    public var pid: Int32?
    public var alive: Bool?
}

/// What `lab status` reports.
public struct LabStatusReport: Codable, Equatable, Sendable {
    public static let schema = "lanstitch.lab-status/v1"
    public var schema = LabStatusReport.schema
    public var inventory: String
    public var prefix: String
    public var nodes: [NodeStatus]
    public var pings: [PingResult]
    /// Each server's live view from its control socket (docs/status.md); a server that does not
    /// answer is left out.
    public var servers: [ServerStatus] = []
    /// True when every node's process runs and every pair replied.
    public var healthy: Bool

    public func json() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        return String(decoding: try encoder.encode(self), as: UTF8.self)
    }
}

/// Gathers a lab's status.
public enum LabStatus {
    public static let concurrency = 16

    public static func run(_ lab: LabContext) throws -> LabStatusReport {
        try LabContext.requireRoot()
        let record = try lab.runningRecord()
        let nodes = record.layout.nodes.map { node -> NodeStatus in
            let process = record.process(of: node.name)
            return NodeStatus(
                name: node.name, role: node.role, namespace: node.namespace, underlay: node.underlay,
                lanAddress: node.lanAddress, program: node.program, server: node.server,
                addresses: (try? LabInspector.addresses(in: node.namespace)) ?? [], pid: process?.pid,
                alive: process.map { ProcessControl.isAlive($0.pid, startTime: $0.startTime) })
        }
        let pings = ping(PingMatrix.pairs(record.layout))
        let servers = record.layout.nodes.filter { $0.role == .server }.compactMap { node in
            try? ControlClient.status(socket: LabUp.controlSocket(node), timeoutMilliseconds: 2000)
        }
        return LabStatusReport(
            inventory: lab.path, prefix: record.layout.prefix, nodes: nodes, pings: pings, servers: servers,
            healthy: nodes.allSatisfy { $0.alive != false } && pings.allSatisfy(\.ok))
    }

    /// Pings every pair, `concurrency` at a time; results in the pairs' order.
    static func ping(_ pairs: [PingMatrix.Pair]) -> [PingResult] {
        let results = ResultSlots(count: pairs.count)
        let group = DispatchGroup()
        for _ in 0..<min(concurrency, pairs.count) {
            group.enter()
            Thread.detachNewThread {
                while let index = results.claim() {
                    let pair = pairs[index]
                    let command = [
                        "ip", "netns", "exec", pair.from.namespace, "ping", "-n", "-c", "1", "-W", "1",
                        pair.to.lanAddress.description,
                    ]
                    let outcome = try? HostTool.run(command)
                    results.set(
                        index,
                        PingMatrix.result(of: pair, status: outcome?.status ?? -1, output: outcome?.output ?? ""))
                }
                group.leave()
            }
        }
        group.wait()
        return results.all()
    }
}

/// Slots for results filled by several threads, and the next index to work on.
private final class ResultSlots: @unchecked Sendable {
    private let lock = NSLock()
    private var slots: [PingResult?]
    private var next = 0

    init(count: Int) { slots = Array(repeating: nil, count: count) }

    func claim() -> Int? {
        lock.withLock {
            guard next < slots.count else { return nil }
            defer { next += 1 }
            return next
        }
    }

    func set(_ index: Int, _ result: PingResult) { lock.withLock { slots[index] = result } }

    func all() -> [PingResult] { lock.withLock { slots.compactMap { $0 } } }
}
