# scripts/lib/netns-test.sh: the pieces every end-to-end test in network namespaces shares, sourced
# by the scripts/test-* (those of `lanstitch lab` and test-cli make no namespace of their own and
# use only pass, fail and the cleanup). Before sourcing, set `tag` (a namespace prefix unique to
# this run, e.g. "lsk$$"), `work` (the run's temporary folder) and, for the status helpers,
# `lanstitch` (the binary under test). It gives:
#   pass TEXT / fail TEXT     count and print a check ($passed, $failed)
#   internet                  the "-net" namespace with bridge br0, standing in for the internet
#   node NAME ADDRESS         a namespace on that bridge, ADDRESS/24 on eth0, lo up, and every
#                             TEST-NET range on-link (one segment for all of them)
#   spawn NAME CMD...         start CMD in NAME's namespace in the background, its PID in `pids`
#                             (and in `$!`); redirect its output on the call
#   kill_pids_of NAME         stop every process in NAME's namespace
#   in_ns, wait_for, wait_ready, wait_link_up, wait_address, wait_until: scripts/lib/netns-wait.sh
# and a trap that, on every exit path, stops what the run started (recorded in `pids`, and
# anything still inside the run's namespaces), deletes the namespaces and the work folder; a
# script that must stop something first (e.g. daemons by their pidfiles) defines
# netns_before_cleanup.
# Start background processes with spawn (not `in_ns ... &`), so that `$!` is the process itself.

source "$(dirname "${BASH_SOURCE[0]}")/netns-wait.sh"

namespaces=()
pids=()
passed=0
failed=0

netns_cleanup() {
    if declare -F netns_before_cleanup >/dev/null; then netns_before_cleanup; fi
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
    # Anything still running inside this run's namespaces was started by this run.
    for ns in "${namespaces[@]}"; do
        for pid in $(ip netns pids "$ns" 2>/dev/null); do kill "$pid" 2>/dev/null || true; done
    done
    sleep 0.2
    for ns in "${namespaces[@]}"; do ip netns delete "$ns" 2>/dev/null || true; done
    rm -rf "$work"
}
trap netns_cleanup EXIT INT TERM

pass() { passed=$((passed + 1)); echo "  ok   $1"; }
fail() { failed=$((failed + 1)); echo "  FAIL $1"; }

internet() {
    ip netns add "$tag-net"
    namespaces+=("$tag-net")
    ip -n "$tag-net" link add br0 type bridge
    ip -n "$tag-net" link set br0 up
}

bridge_ports=0
node() {
    local ns="$tag-$1"
    bridge_ports=$((bridge_ports + 1))
    ip netns add "$ns"
    namespaces+=("$ns")
    ip link add eth0 netns "$ns" type veth peer name "v$bridge_ports" netns "$tag-net"
    ip -n "$tag-net" link set "v$bridge_ports" master br0 up
    ip -n "$ns" addr add "$2/24" dev eth0
    ip -n "$ns" link set eth0 up
    ip -n "$ns" link set lo up
    for range in 192.0.2.0/24 198.51.100.0/24 203.0.113.0/24; do
        ip -n "$ns" route add "$range" dev eth0 2>/dev/null || true
    done
}

# `ip netns exec` becomes CMD, so `$!` is the program itself, not a subshell.
spawn() {
    local ns="$tag-$1"
    shift
    ip netns exec "$ns" "$@" &
    pids+=($!)
}

kill_pids_of() { for pid in $(ip netns pids "$tag-$1" 2>/dev/null); do kill "$pid" 2>/dev/null || true; done; }
