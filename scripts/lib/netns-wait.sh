# scripts/lib/netns-wait.sh: running a command in one of the run's namespaces and waiting, bounded,
# for a signal; sourced by scripts/lib/netns-test.sh and scripts/bench-lib. Uses `tag` (the run's
# namespace prefix) and `lanstitch` (the binary under test). Every wait polls, bounded in time.
#   in_ns NAME CMD...         run CMD in NAME's namespace
#   wait_for FILE TEXT SECS   until FILE contains TEXT, at most SECS seconds (for what a test
#                             checks a log says; readiness waits use the signals below)
#   wait_ready SOCKET SECS    until a server answers `lanstitch status` on its control socket
#                             (`lanstitch server --control SOCKET`): it serves the socket from its
#                             run loop only, once its tunnel, kernel routes and ports are set up
#   wait_link_up SOCKET PEER SECS   until that server's status lists its link with PEER as up
#   wait_address NAME ADDRESS SECS  until NAME's namespace holds IPv4 ADDRESS (a client's lease:
#                             a stock openvpn client sets it once its tunnel is up)
#   wait_until SECS CMD...    until CMD succeeds (holds_address, lacks_address, link_is_up,
#                             routes_to NAME ADDRESS..., ...)
# shellcheck shell=bash

in_ns() {
    local ns="$tag-$1"
    shift
    ip netns exec "$ns" "$@"
}

wait_for() {
    local deadline=$((SECONDS + $3))
    while [ $SECONDS -lt $deadline ]; do grep -qF -- "$2" "$1" 2>/dev/null && return 0; sleep 0.2; done
    return 1
}

# until CMD... succeeds, at most SECS seconds (every 0.2 s)
wait_until() {
    local deadline=$((SECONDS + $1))
    shift
    while [ $SECONDS -lt $deadline ]; do "$@" && return 0; sleep 0.2; done
    return 1
}

answers_status() { "$lanstitch" status --json --socket "$1" --timeout 1 >/dev/null 2>&1; }
wait_ready() { wait_until "$2" answers_status "$1"; }

link_is_up() {
    "$lanstitch" status --json --socket "$1" --timeout 1 2>/dev/null | python3 -c '
import json, sys
links = json.load(sys.stdin)["links"]
sys.exit(0 if any(l["peer"] == sys.argv[1] and l["state"] == "up" for l in links) else 1)' "$2" 2>/dev/null
}
wait_link_up() { wait_until "$3" link_is_up "$1" "$2"; }

holds_address() { ip -n "$tag-$1" -4 -o addr show 2>/dev/null | grep -qF " inet $2/"; }
lacks_address() { ! holds_address "$@"; }
# routes_to NAME ADDRESS...: NAME's namespace has a route to every ADDRESS (pushed routes are in)
routes_to() {
    local ns="$tag-$1" address
    shift
    for address in "$@"; do ip -n "$ns" route get "$address" >/dev/null 2>&1 || return 1; done
}
wait_address() { wait_until "$3" holds_address "$1" "$2"; }
