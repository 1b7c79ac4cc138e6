#!/usr/bin/env bash
# The two-server case of scripts/test-openvpn-export: office.yaml (hub hq, and branch that
# dials it; each with a site LAN) exported with `lanstitch export openvpn` and run on stock
# OpenVPN 2.6 only, a site host behind each server. Checks that each site host pings the other
# across the LAN, so the exported server's `route` lines (with `route-gateway`) and the
# dialling server's uplink client carry site traffic both ways.
# Sourced by scripts/test-openvpn-export; uses its start and, from scripts/lib/netns-test.sh,
# node, pass, fail, tag, namespaces.

# site NAME SERVER ADDRESS GATEWAY: a site host's namespace behind the server's namespace; the
# server's side of the veth has GATEWAY/24 and forwards.
export_sites_host() {
    local ns="$tag-$1" server="$tag-$2"
    ip netns add "$ns"; namespaces+=("$ns")
    ip link add "${tag}s$1" type veth peer name eth0 netns "$ns"
    ip link set "${tag}s$1" netns "$server"
    ip -n "$server" addr add "$4/24" dev "${tag}s$1"
    ip -n "$server" link set "${tag}s$1" up
    ip netns exec "$server" sysctl -qw net.ipv4.ip_forward=1
    ip -n "$ns" addr add "$3/24" dev eth0
    ip -n "$ns" link set eth0 up
    ip -n "$ns" link set lo up
    ip -n "$ns" route add default via "$4"
}

# export_sites_wait_route NS PREFIX SECONDS: wait until the namespace has a route to PREFIX.
export_sites_wait_route() {
    local deadline=$((SECONDS + $3))
    while [ $SECONDS -lt $deadline ]; do
        [ -n "$(ip -n "$1" route show "$2" 2>/dev/null)" ] && return 0
        sleep 0.2
    done
    return 1
}

# export_sites_test LANSTITCH INVENTORY FOLDER
export_sites_test() {
    local lanstitch="$1" folder="$3"
    mkdir -p "$folder"
    # Both servers on this test's one TEST-NET bridge.
    sed 's/endpoint: 198.51.100.30/endpoint: 203.0.113.31/' "$2" >"$folder/office.yaml"
    (
        cd "$folder" &&
            "$lanstitch" init office.yaml >/dev/null &&
            "$lanstitch" export openvpn office.yaml --server hq --out hq >/dev/null &&
            "$lanstitch" export openvpn office.yaml --server branch --out branch >/dev/null
    ) || { fail "office.yaml could not be exported"; return; }
    grep -q '^route-gateway ' "$folder/hq/server.conf" && pass "hq's server.conf gives its routes a gateway" ||
        fail "hq's server.conf has no route-gateway"
    node hq 203.0.113.30
    node branch 203.0.113.31
    export_sites_host hqlan hq 192.168.10.5 192.168.10.1
    export_sites_host brlan branch 192.168.20.5 192.168.20.1
    start hq "$folder/hq.log" --cd "$folder/hq" --config server.conf --dev tunsrv
    start branch "$folder/branch.log" --cd "$folder/branch" --config server.conf --dev tunsrv
    start branch "$folder/uplink.log" --cd "$folder/branch" --config uplink-hq.conf --dev tunup
    if export_sites_wait_route "$tag-hq" 192.168.20.0/24 20; then
        pass "hq's stock server routes branch's site 192.168.20.0/24: $(ip -n "$tag-hq" route show 192.168.20.0/24)"
    else
        fail "hq has no route to 192.168.20.0/24"; tail -20 "$folder/hq.log"
    fi
    if export_sites_wait_route "$tag-branch" 192.168.10.0/24 40; then
        pass "branch's uplink client routes hq's site 192.168.10.0/24"
    else
        fail "branch's uplink has no route to 192.168.10.0/24"; tail -20 "$folder/uplink.log"
    fi
    if grep -E "needs a gateway|route add command failed" "$folder/hq.log" "$folder/uplink.log" "$folder/branch.log"; then
        fail "a stock OpenVPN refused a route"
    else
        pass "no stock OpenVPN refused a route"
    fi
    ip netns exec "$tag-hqlan" ping -c 3 -W 2 -i 0.3 192.168.20.5 >/dev/null &&
        pass "hq's site host 192.168.10.5 pings branch's site host 192.168.20.5" || fail "ping hq site -> branch site"
    ip netns exec "$tag-brlan" ping -c 3 -W 2 -i 0.3 192.168.10.5 >/dev/null &&
        pass "branch's site host 192.168.20.5 pings hq's site host 192.168.10.5" || fail "ping branch site -> hq site"
}
