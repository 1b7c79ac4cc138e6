#!/usr/bin/env bash
# The OpenVPN 3 core client (the engine of OpenVPN Connect) as a test peer: builds its
# `ovpncli` once from the pinned source in ../shared/third-party/ and caches the binary in the
# ignored folder .cache/ (LANSTITCH_PEER_CACHE overrides it). Source this file, then:
#   ovpncli=$(openvpn3_client) || exit 1
# It is a test peer only: never shipped, never copied into lanstitch.
# scripts/setup installs the Debian packages the build needs.

openvpn3_source_tarball() {
    local root
    root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
    local tarball
    for tarball in "$root"/../shared/third-party/openvpn3-*.tar.gz; do
        [ -f "$tarball" ] && { echo "$tarball"; return 0; }
    done
    echo "openvpn3: no ../shared/third-party/openvpn3-*.tar.gz beside the repository" >&2
    return 1
}

# Prints the path of a built ovpncli, building it first when the cache has none.
openvpn3_client() {
    local root tarball name cache binary log
    root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
    tarball=$(openvpn3_source_tarball) || return 1
    name=$(basename "$tarball" .tar.gz)
    cache=${LANSTITCH_PEER_CACHE:-$root/.cache}/$name
    binary=$cache/build/test/ovpncli/ovpncli
    if [ -x "$binary" ]; then
        echo "$binary"
        return 0
    fi
    mkdir -p "$cache"
    log=$cache/build.log
    echo "openvpn3: building ovpncli from $(basename "$tarball") into $cache (about a minute; log $log)" >&2
    if ! {
        rm -rf "$cache/src" && mkdir -p "$cache/src" && tar -xzf "$tarball" -C "$cache/src" &&
            cmake -S "$cache/src/openvpn3" -B "$cache/build" -GNinja -DCMAKE_BUILD_TYPE=Release \
                -DBUILD_TESTING=OFF &&
            ninja -C "$cache/build" -j2 ovpncli
    } >"$log" 2>&1; then
        echo "openvpn3: the build failed; the end of $log:" >&2
        tail -n 20 "$log" >&2
        return 1
    fi
    echo "$binary"
}
