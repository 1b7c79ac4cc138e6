// RecordingRouteInstaller: an in-memory kernel routing table for tests of route reconciling.
// It holds lanstitch's routes and, to check they are never touched, routes of other
// protocols; it renders the table as `ip route` text and records every change applied.

import LanRoutes
import LanValues

/// A fake `RouteInstaller` that behaves like the kernel's main table.
public final class RecordingRouteInstaller: RouteInstaller, @unchecked Sendable {
    // @unchecked: tests use one instance from one task.
    /// Routes lanstitch owns.
    public private(set) var owned: Set<KernelRouteEntry> = []
    /// Routes made by others (`ip route` lines), which must survive every reconcile.
    public var foreign: [String]
    /// Every change applied, in order.
    public private(set) var log: [RouteChange] = []

    public init(foreign: [String] = []) { self.foreign = foreign }

    public func current() throws -> Set<KernelRouteEntry> { owned }

    /// Applies like the kernel: adding a present route or removing an absent one is an error.
    public func apply(_ changes: [RouteChange]) throws {
        for change in changes {
            switch change {
            case .add(let route):
                guard owned.insert(route).inserted else { throw Refused(change: change, reason: "File exists") }
            case .remove(let route):
                guard owned.remove(route) != nil else { throw Refused(change: change, reason: "No such process") }
            }
            log.append(change)
        }
    }

    /// The table as `ip route` prints it, sorted.
    public var rendered: String {
        (foreign + owned.sorted().map(\.description)).sorted().joined(separator: "\n")
    }

    /// A change the fake kernel refused, with the kernel's message.
    public struct Refused: Error, CustomStringConvertible {
        public var change: RouteChange
        public var reason: String
        public var description: String { "\(change): \(reason)" }
    }
}
