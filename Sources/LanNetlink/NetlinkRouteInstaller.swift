// NetlinkRouteInstaller: the kernel's main IPv4 routing table through libnl-route-3, limited
// to routes with lanstitch's protocol number (RouteInstaller's contract). It works in the
// network namespace of the thread that created it (tests: LanLinux's withFreshNetworkNamespace).

import CNetlink
import Glibc
import LanRoutes
import LanValues

/// A netlink route socket owned by one object, freed in deinit.
public final class NetlinkRouteInstaller: RouteInstaller {
    private let socket: OpaquePointer

    /// Connects a NETLINK_ROUTE socket in the calling thread's network namespace.
    public init() throws {
        guard let socket = nl_socket_alloc() else { throw NetlinkError("nl_socket_alloc", libnl: -NLE_NOMEM) }
        let result = nl_connect(socket, NETLINK_ROUTE)
        guard result >= 0 else {
            nl_socket_free(socket)
            throw NetlinkError("nl_connect(NETLINK_ROUTE)", libnl: result)
        }
        self.socket = socket
    }

    deinit { nl_socket_free(socket) }

    public func current() throws -> Set<KernelRouteEntry> {
        var cache: OpaquePointer?
        let result = rtnl_route_alloc_cache(socket, AF_INET, 0, &cache)
        guard result >= 0, let cache else { throw NetlinkError("rtnl_route_alloc_cache", libnl: result) }
        defer { nl_cache_free(cache) }
        var routes: Set<KernelRouteEntry> = []
        var object = nl_cache_get_first(cache)
        while let current = object {
            if let entry = Self.entry(current) { routes.insert(entry) }
            object = nl_cache_get_next(current)
        }
        return routes
    }

    /// Ours (protocol and main table), single next hop through a device: as an entry.
    static func entry(_ route: OpaquePointer) -> KernelRouteEntry? {
        guard rtnl_route_get_protocol(route) == RoutingProtocol.lanstitch,
            rtnl_route_get_table(route) == RT_TABLE_MAIN.rawValue,
            let destination = rtnl_route_get_dst(route), rtnl_route_get_nnexthops(route) == 1,
            let hop = rtnl_route_nexthop_n(route, 0)
        else { return nil }
        var text = [CChar](repeating: 0, count: 64)
        guard nl_addr2str(destination, &text, text.count) != nil else { return nil }
        let cidr = String(decoding: text.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        var name = [CChar](repeating: 0, count: Int(IF_NAMESIZE) + 1)
        guard case .success(let prefix) = IPv4Prefix.parse(cidr.contains("/") ? cidr : cidr + "/32"),
            if_indextoname(UInt32(rtnl_route_nh_get_ifindex(hop)), &name) != nil
        else { return nil }
        return KernelRouteEntry(prefix: prefix, device: String(cString: name))
    }

    public func apply(_ changes: [RouteChange]) throws {
        for change in changes {
            switch change {
            case .add(let entry):
                try withRoute(entry) { route in
                    let result = rtnl_route_add(socket, route, NLM_F_CREATE | NLM_F_EXCL)
                    guard result >= 0 else { throw NetlinkError("rtnl_route_add(\(entry))", libnl: result) }
                }
            case .remove(let entry):
                try withRoute(entry) { route in
                    let result = rtnl_route_delete(socket, route, 0)
                    guard result >= 0 else { throw NetlinkError("rtnl_route_delete(\(entry))", libnl: result) }
                }
            }
        }
    }

    /// Builds the libnl route object for `entry` (ours, main table, scope link, via its device).
    private func withRoute(_ entry: KernelRouteEntry, _ body: (OpaquePointer) throws -> Void) throws {
        let index = if_nametoindex(entry.device)
        guard index != 0 else { throw NetlinkError("if_nametoindex(\(entry.device))", errno: errno) }
        guard let route = rtnl_route_alloc() else { throw NetlinkError("rtnl_route_alloc", libnl: -NLE_NOMEM) }
        defer { rtnl_route_put(route) }
        var address: OpaquePointer?
        let parsed = nl_addr_parse(entry.prefix.description, AF_INET, &address)
        guard parsed >= 0, let address else { throw NetlinkError("nl_addr_parse(\(entry.prefix))", libnl: parsed) }
        defer { nl_addr_put(address) }
        _ = rtnl_route_set_family(route, UInt8(AF_INET))
        let set = rtnl_route_set_dst(route, address)
        guard set >= 0 else { throw NetlinkError("rtnl_route_set_dst", libnl: set) }
        rtnl_route_set_table(route, RT_TABLE_MAIN.rawValue)
        rtnl_route_set_protocol(route, RoutingProtocol.lanstitch)
        rtnl_route_set_scope(route, UInt8(RT_SCOPE_LINK.rawValue))
        guard let hop = rtnl_route_nh_alloc() else { throw NetlinkError("rtnl_route_nh_alloc", libnl: -NLE_NOMEM) }
        rtnl_route_nh_set_ifindex(hop, Int32(index))
        rtnl_route_add_nexthop(route, hop)  // the route owns the next hop from here on
        try body(route)
    }
}
