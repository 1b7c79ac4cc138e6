# scripts/lib/expose-iperf.sh: sourced by the tests and benchmarks that run iperf3 on the
# lanstitch server's own host (on its tunnel address). Members reach a server host only on the
# ports its inventory exposes (HostGuard, `expose:`), so those scripts expose iperf3's port on
# hangzhou in their copy of inventory/gaming.yaml:
#   expose_iperf FILE    adds `expose: [5201/tcp, 5201/udp]` to hangzhou in FILE
# shellcheck shell=bash
expose_iperf() {
    sed -i 's|^    pools: \[10.251.0.0/16, 10.250.0.0/16\]$|&\n    expose: [5201/tcp, 5201/udp]|' "$1"
    grep -q 'expose: \[5201/tcp, 5201/udp\]' "$1" || { echo "expose_iperf: hangzhou's pools line not found in $1" >&2; return 1; }
}
