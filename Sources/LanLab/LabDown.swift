// LabDown: `lanstitch lab down INVENTORY` — removes the lab (LabTeardown) and its lab.json.

import Foundation

/// Takes a lab down.
public enum LabDown {
    /// Removes the lab of `lab`; returns what was removed (empty when nothing ran).
    public static func run(_ lab: LabContext) throws -> LabTeardown.Removed {
        try LabContext.requireRoot()
        let record = try? lab.record()
        let removed = try LabTeardown.remove(prefix: lab.prefix, record: record)
        if FileManager.default.fileExists(atPath: lab.files.record) {
            try FileManager.default.removeItem(atPath: lab.files.record)
        }
        return removed
    }
}
