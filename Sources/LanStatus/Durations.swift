// Durations: short human forms for ages and round trips in the status table ("3d4h", "12m5s",
// "8.4 ms"), and byte counts ("1.2 MB").

import Foundation

enum Durations {
    /// An age in whole seconds, two units at most: "45s", "12m5s", "3h2m", "4d1h".
    static func age(_ seconds: Double) -> String {
        let total = max(0, Int(seconds))
        let (days, hours, minutes, rest) = (total / 86400, total / 3600 % 24, total / 60 % 60, total % 60)
        if days > 0 { return "\(days)d\(hours)h" }
        if hours > 0 { return "\(hours)h\(minutes)m" }
        if minutes > 0 { return "\(minutes)m\(rest)s" }
        return "\(rest)s"
    }

    /// A round trip: "0.41 ms", "8.4 ms", "153 ms".
    static func rtt(_ seconds: Double) -> String {
        let milliseconds = seconds * 1000
        if milliseconds < 1 { return String(format: "%.2f ms", milliseconds) }
        if milliseconds < 10 { return String(format: "%.1f ms", milliseconds) }
        return String(format: "%.0f ms", milliseconds)
    }

    /// Bytes in decimal units: "512 B", "1.2 kB", "34.0 MB", "1.5 GB".
    static func bytes(_ count: Int) -> String {
        let units = ["B", "kB", "MB", "GB", "TB"]
        var value = Double(count)
        var unit = 0
        while value >= 1000, unit < units.count - 1 {
            value /= 1000
            unit += 1
        }
        return unit == 0 ? "\(count) B" : String(format: "%.1f", value) + " " + units[unit]
    }
}
