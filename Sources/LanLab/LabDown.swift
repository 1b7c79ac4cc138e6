// LabDown: `lanstitch lab down INVENTORY` — removes the lab (LabTeardown) and its lab.json.

import Foundation

/// Takes a lab down.
public enum LabDown {
    /// Removes the lab of `lab`; returns what was removed (empty when nothing ran).
    public static func run(_ lab: LabContext) throws -> LabTeardown.Removed {
        try LabContext.requireRoot()
        let remove = {
            let removed = try LabTeardown.remove(prefix: lab.prefix, record: try? lab.record())
            if FileManager.default.fileExists(atPath: lab.files.record) {
                try FileManager.default.removeItem(atPath: lab.files.record)
            }
            return removed
        }
        // Without a lab folder there is no lab.json and nothing to lock, but namespaces of a lab
        // whose files were deleted may still be there.
        guard FileManager.default.fileExists(atPath: lab.files.folder) else { return try remove() }
        return try lab.files.withLock(remove)
    }
}
