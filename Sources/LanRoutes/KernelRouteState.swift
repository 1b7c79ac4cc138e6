// Kernel routes as desired state: the routes lanstitch owns are exactly those with its own
// routing-protocol number in the main table, so it never touches a route it did not make.

import LanValues

/// lanstitch's routing-protocol number (`ip route show proto 217`). Routes with any other
/// protocol number are never read as ours, changed or removed.
public enum RoutingProtocol {
    public static let lanstitch: UInt8 = 217
}

/// One kernel route lanstitch owns: `prefix dev device proto 217 scope link`.
public struct KernelRouteEntry: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var prefix: IPv4Prefix
    public var device: String

    public init(prefix: IPv4Prefix, device: String) {
        self.prefix = prefix
        self.device = device
    }

    public static func < (lhs: Self, rhs: Self) -> Bool { (lhs.prefix, lhs.device) < (rhs.prefix, rhs.device) }

    /// As `ip route` prints it.
    public var description: String { "\(prefix) dev \(device) proto \(RoutingProtocol.lanstitch) scope link" }
}

/// One step of bringing the kernel to the desired routes.
public enum RouteChange: Hashable, Sendable, CustomStringConvertible {
    case add(KernelRouteEntry)
    case remove(KernelRouteEntry)

    public var description: String {
        switch self {
        case .add(let route): return "add \(route)"
        case .remove(let route): return "del \(route)"
        }
    }
}

/// Computes the changes from the routes lanstitch has to the routes it wants.
public enum RouteReconciler {
    /// Adds first (so traffic never loses a route while a prefix moves between devices), then
    /// removals; each list sorted. Routes already present are left alone, so applying the
    /// result twice changes nothing the second time.
    public static func changes(desired: Set<KernelRouteEntry>, current: Set<KernelRouteEntry>) -> [RouteChange] {
        desired.subtracting(current).sorted().map(RouteChange.add)
            + current.subtracting(desired).sorted().map(RouteChange.remove)
    }
}

/// The host seam for kernel routes. Implementations: `NetlinkRouteInstaller` (LanNetlink),
/// `RecordingRouteInstaller` (LanTestKit).
///
/// Contract: `current()` returns only routes with protocol `RoutingProtocol.lanstitch` in the
/// main table. `apply` performs the changes in order and stops at the first failure, throwing
/// it; changes already made stay made (a later reconcile finishes the job). Not thread-safe:
/// one owner calls it.
public protocol RouteInstaller {
    func current() throws -> Set<KernelRouteEntry>
    func apply(_ changes: [RouteChange]) throws
}

extension RouteInstaller {
    /// Brings the kernel to `desired`; returns the changes made (empty when already there).
    @discardableResult
    public func reconcile(to desired: Set<KernelRouteEntry>) throws -> [RouteChange] {
        let changes = RouteReconciler.changes(desired: desired, current: try current())
        if !changes.isEmpty { try apply(changes) }
        return changes
    }

    /// Removes every route lanstitch owns (clean exit).
    @discardableResult
    public func removeAll() throws -> [RouteChange] { try reconcile(to: []) }
}
