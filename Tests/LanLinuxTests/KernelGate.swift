// What kernel tests need before they touch the kernel: root, /dev/net/tun and iproute2 — and a
// namespace name of their own (prefix + PID + test) so parallel runs never collide.

import Foundation
import Glibc

enum KernelGate {
    /// Why kernel tests cannot run here, or nil when they can.
    static let reasonToSkip: String? = {
        if geteuid() != 0 { return "not root (kernel tests need CAP_NET_ADMIN and CAP_SYS_ADMIN)" }
        if !hasCapabilities([12, 21]) {
            return "root without CAP_NET_ADMIN and CAP_SYS_ADMIN (a restricted container?)"
        }
        if access("/dev/net/tun", R_OK | W_OK) != 0 { return "/dev/net/tun is missing or not accessible" }
        if !["/usr/sbin/ip", "/sbin/ip"].contains(where: { FileManager.default.isExecutableFile(atPath: $0) }) {
            return "iproute2's ip is not installed"
        }
        return nil
    }()

    /// True when kernel tests can run; prints the reason once when they cannot.
    static let isAvailable: Bool = {
        if let reason = reasonToSkip { print("LanLinuxTests: skipping kernel tests: \(reason)") }
        return reasonToSkip == nil
    }()

    /// Whether every capability number in `wanted` is in the effective set (CapEff in
    /// /proc/self/status; CAP_NET_ADMIN is 12, CAP_SYS_ADMIN 21).
    static func hasCapabilities(_ wanted: [Int]) -> Bool {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix("CapEff:") }),
            let mask = UInt64(line.dropFirst("CapEff:".count).trimmingCharacters(in: .whitespaces), radix: 16)
        else { return false }
        return wanted.allSatisfy { mask & (1 << UInt64($0)) != 0 }
    }

    /// A namespace name unique to this process and test.
    static func namespaceName(_ test: String) -> String { "lst-test-\(getpid())-\(test)" }

    /// The TUN name used inside test namespaces (15 bytes at most).
    static var tunName: String { "lst\(getpid())" }
}

/// `ip netns list` as a list of names, for leak checks.
func namespaceNames() throws -> [String] {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/sbin/ip")
    process.arguments = ["netns", "list"]
    let output = Pipe()
    process.standardOutput = output
    try process.run()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return String(decoding: data, as: UTF8.self).split(separator: "\n").compactMap { $0.split(separator: " ").first }
        .map(String.init)
}

/// Decodes `ip -j` output into an array of JSON objects.
func ipJSON(_ text: String) throws -> [[String: Any]] {
    try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [[String: Any]] ?? []
}
