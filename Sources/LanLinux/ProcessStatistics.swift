// ProcessStatistics: what this process costs, from /proc — resident memory, CPU time, start
// time and open descriptors — read when /metrics is asked (never on the packet path).

import Glibc

/// One reading of /proc/self.
public struct ProcessStatistics: Equatable, Sendable {
    public var residentBytes: Int
    public var cpuSeconds: Double
    /// Unix seconds.
    public var startTime: Double
    public var openDescriptors: Int?

    /// Reads /proc/self/stat, /proc/stat (boot time) and /proc/self/fd; nil when /proc is missing.
    public static func read() -> ProcessStatistics? {
        guard let stat = file("/proc/self/stat"), let system = file("/proc/stat") else { return nil }
        let ticks = Double(sysconf(Int32(_SC_CLK_TCK)))
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        guard let parsed = parse(stat: stat, system: system, ticksPerSecond: ticks, pageSize: page) else { return nil }
        var statistics = parsed
        statistics.openDescriptors = countDescriptors()
        return statistics
    }

    /// Parses /proc/self/stat (fields after the command name in parentheses: utime 14, stime 15,
    /// starttime 22, rss 24, counted from 1) and /proc/stat's `btime`.
    public static func parse(stat: String, system: String, ticksPerSecond: Double, pageSize: Int)
        -> ProcessStatistics?
    {
        guard let close = stat.lastIndex(of: ")") else { return nil }
        // Field 3 (state) is the first after the command; index 0 here.
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        guard fields.count > 21, let user = Double(fields[11]), let system_ = Double(fields[12]),
            let start = Double(fields[19]), let pages = Int(fields[21]),
            let bootLine = system.split(separator: "\n").first(where: { $0.hasPrefix("btime ") }),
            let boot = Double(bootLine.dropFirst(6).trimmingPrefixSpaces)
        else { return nil }
        return ProcessStatistics(
            residentBytes: pages * pageSize, cpuSeconds: (user + system_) / ticksPerSecond,
            startTime: boot + start / ticksPerSecond, openDescriptors: nil)
    }

    static func file(_ path: String) -> String? {
        guard let handle = fopen(path, "r") else { return nil }
        defer { fclose(handle) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = fread(&buffer, 1, buffer.count, handle)
            if count <= 0 { break }
            bytes += buffer[0..<count]
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    static func countDescriptors() -> Int? {
        guard let folder = opendir("/proc/self/fd") else { return nil }
        defer { closedir(folder) }
        var count = 0
        while let entry = readdir(folder) {
            let first = withUnsafeBytes(of: entry.pointee.d_name) { $0[0] }
            if first != UInt8(ascii: ".") { count += 1 }
        }
        return count - 1  // The folder's own descriptor.
    }
}

extension Substring {
    fileprivate var trimmingPrefixSpaces: Substring { drop { $0 == " " } }
}
