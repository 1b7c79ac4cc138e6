// ReleasePruning: release folder names and which old releases to delete (pure). Names are
// `YYYYMMDD-HHMMSS-FINGERPRINT` in UTC, so name order is age order.

import Foundation

public enum ReleasePruning {
    /// How many releases a host keeps (the current one and the ones before it).
    public static let keep = 3

    /// A new release's folder name for content with `fingerprint`, made at `date`.
    public static func name(at date: Date, fingerprint: String) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        let stamp = String(
            format: "%04d%02d%02d-%02d%02d%02d", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0, parts.hour ?? 0,
            parts.minute ?? 0, parts.second ?? 0)
        return "\(stamp)-\(fingerprint)"
    }

    /// The releases to delete so that the newest `keep` remain; `current` and `previous` are
    /// never deleted, and neither is anything newer than `current` that is still kept.
    public static func doomed(_ releases: [String], current: String?, previous: String?, keep: Int = keep) -> [String] {
        let protected = Set([current, previous].compactMap { $0 })
        let newestFirst = releases.sorted(by: >)
        var kept = 0
        var doomed: [String] = []
        for name in newestFirst {
            if protected.contains(name) || kept < keep - protected.count {
                if !protected.contains(name) { kept += 1 }
                continue
            }
            doomed.append(name)
        }
        return doomed.sorted()
    }
}
