// HostRoutes: what the server sets in its host, as desired state — the kernel routes of the
// plan (reconciled, add before delete, by the host's RouteInstaller), forwarding, directed
// broadcasts into the sites (`broadcast.sites`) and the masquerade table into sites whose
// gateway nobody can change. Applied at start, re-applied on reload, removed at exit.

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

    init(context: ServerContext, host: ServerHost, observation: Observation) {
        self.context = context
        routes = host.routes
        network = host.network
        self.observation = observation
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
        return changes
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
        return (try? routes.removeAll())?.count ?? 0
    }
}
