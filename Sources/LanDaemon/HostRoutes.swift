// HostRoutes: what the server sets in its host, as desired state — the kernel routes of the
// plan (reconciled, add before delete, by the host's RouteInstaller), forwarding, directed
// broadcasts into the sites (`broadcast.sites`), the masquerade table into sites whose
// gateway nobody can change, and the guard that keeps members off the host and inside the
// LAN (HostGuard). Applied at start, re-applied on reload, removed at exit.

import LanHost
import LanRoutes
import LanValues

/// The server's host settings. Owned by the loop; not thread-safe.
final class HostRoutes {
    let context: ServerContext
    let routes: any RouteInstaller
    let network: any HostNetwork
    let observation: Observation
    /// Site subnets the server masquerades LAN traffic into now (nftables table `ip lanstitch`).
    private(set) var masqueraded: [IPv4Prefix] = []
    /// The guard installed now (nftables table `ip lanstitch_guard`).
    private(set) var guarded: HostGuard?
    /// The metrics port members may reach on the tunnel address (nil: /metrics is elsewhere or off).
    let metricsPort: UInt16?

    init(context: ServerContext, host: ServerHost, observation: Observation, metricsPort: UInt16?) {
        self.context = context
        routes = host.routes
        network = host.network
        self.observation = observation
        self.metricsPort = metricsPort
    }

    /// Installs everything at start; throws with the failing step. Returns how many kernel
    /// routes changed.
    func install() throws -> Int {
        let changes = try reconcileKernelRoutes()
        try network.enableForwarding()
        if context.configuration.settings.broadcast?.sites == true {
            try network.enableBroadcastForwarding(context.plan.device)
        }
        try applyMasquerade()
        try applyGuard()
        return changes
    }

    /// The guard the configuration asks for: members reach the tunnel address (ping, /metrics),
    /// the exposed ports and the LAN and its sites; nothing else of or beyond the host.
    var desiredGuard: HostGuard {
        let configuration = context.configuration
        let destinations = Set([configuration.settings.network] + context.plan.pushedRoutes + context.plan.siteSubnets)
        return HostGuard(
            device: context.plan.device, tunnelAddress: configuration.tunnelAddress,
            destinations: destinations.sorted { ($0.network.value, $0.length) < ($1.network.value, $1.length) },
            metricsPort: metricsPort, exposed: configuration.settings.expose)
    }

    /// Installs or replaces the guard when it differs from the one installed.
    func applyGuard() throws {
        let desired = desiredGuard
        guard desired != guarded else { return }
        try network.installGuard(desired)
        guarded = desired
    }

    /// Reconciles the kernel routes with the plan's; returns how many changed.
    @discardableResult
    func reconcileKernelRoutes() throws -> Int {
        let desired = Set(context.plan.kernelRoutes.map { KernelRouteEntry(prefix: $0.prefix, device: $0.device) })
        let changes = try routes.reconcile(to: desired).count
        observation.reconciled(installed: desired.count, changes: changes)
        return changes
    }

    /// Installs, replaces or removes the masquerade table to match the configuration.
    func applyMasquerade() throws {
        let sites = context.configuration.settings.masquerade
        guard sites != masqueraded else { return }
        if sites.isEmpty {
            try network.removeMasquerade()
        } else {
            try network.installMasquerade(SiteMasquerade(sites: sites, sources: context.plan.pushedRoutes))
        }
        masqueraded = sites
    }

    /// Removes the masquerade table and every kernel route lanstitch installed; returns how
    /// many routes went.
    func removeAll() -> Int {
        if !masqueraded.isEmpty { try? network.removeMasquerade() }
        if guarded != nil { try? network.removeGuard() }
        return (try? routes.removeAll())?.count ?? 0
    }
}
