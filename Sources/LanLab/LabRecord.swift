// LabRecord: lab.json, what a running lab is made of — its layout and every process it started
// (pid and kernel start time, so a pid reused by another program is never signalled). Written
// atomically after each step of `lab up`, read by `lab down`, `status` and `exec`.

import Foundation
import LanState

/// A process the lab started.
public struct LabProcess: Codable, Equatable, Sendable {
    /// The node it runs in.
    public var node: String
    public var pid: Int32
    /// Field 22 of /proc/PID/stat (clock ticks since boot) when it was started.
    public var startTime: UInt64
    public var command: [String]
    public var log: String

    public init(node: String, pid: Int32, startTime: UInt64, command: [String], log: String) {
        self.node = node
        self.pid = pid
        self.startTime = startTime
        self.command = command
        self.log = log
    }
}

/// The contents of lab.json.
public struct LabRecord: Codable, Equatable, Sendable {
    public static let currentVersion = 1

    public var version: Int
    /// The inventory's real path.
    public var inventory: String
    public var layout: LabLayout
    public var processes: [LabProcess]

    public init(inventory: String, layout: LabLayout, processes: [LabProcess] = []) {
        version = Self.currentVersion
        self.inventory = inventory
        self.layout = layout
        self.processes = processes
    }

    /// The process running in `node`, if one was started.
    public func process(of node: String) -> LabProcess? { processes.first { $0.node == node } }

    public func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        return try encoder.encode(self) + Data("\n".utf8)
    }

    public static func decode(_ data: Data, path: String) throws -> LabRecord {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        let record: LabRecord
        do {
            record = try decoder.decode(LabRecord.self, from: data)
        } catch {
            throw LabError("\(path) is damaged (\(error)); remove it and run `lanstitch lab down` again")
        }
        guard record.version == currentVersion else {
            throw LabError("\(path) has version \(record.version), this lanstitch reads \(currentVersion)")
        }
        return record
    }

    /// Writes the record to `path` atomically.
    public func write(to path: String) throws {
        try AtomicFile.write(try encoded(), to: path, mode: 0o600)
    }

    /// The record at `path`; nil when there is none.
    public static func read(from path: String) throws -> LabRecord? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        return try decode(data, path: path)
    }
}
