#!/usr/bin/env bash
# The OpenVPN 3 core client (the engine of OpenVPN Connect) as a test peer: builds its
# `ovpncli` once from the pinned source in ../shared/third-party/ and caches the binary in the
# ignored folder .cache/ (LANSTITCH_PEER_CACHE overrides it). Source this file, then:
#   ovpncli=$(openvpn3_client) || exit 1
# It is a test peer only: never shipped, never copied into lanstitch.
# scripts/setup installs the Debian packages the build needs.
#
# A fresh clone (CI clones into a temporary folder) has no ../shared beside it: then the
# source and an already built client are looked for beside the repository it was cloned from
# (`git remote get-url origin`, when that is a local folder). LANSTITCH_THIRD_PARTY names the
# source folder outright.

# The folders to look in: this repository, then the local repository it was cloned from.
openvpn3_roots() {
    local root origin
    root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
    echo "$root"
    origin=$(git -C "$root" remote get-url origin 2>/dev/null || true)
    if [ -n "$origin" ] && [ -d "$origin" ]; then (cd "$origin" && pwd); fi
}

openvpn3_source_tarball() {
    local folder tarball
    for folder in ${LANSTITCH_THIRD_PARTY:+"$LANSTITCH_THIRD_PARTY"} $(openvpn3_roots | sed 's|$|/../shared/third-party|'); do
        for tarball in "$folder"/openvpn3-*.tar.gz; do
            [ -f "$tarball" ] && { echo "$tarball"; return 0; }
        done
    done
    echo "openvpn3: no openvpn3-*.tar.gz in ../shared/third-party beside this repository or the one it was cloned from (set LANSTITCH_THIRD_PARTY to its folder)" >&2
    return 1
}

# Prints the path of a built ovpncli, building it first when no cache has one.
openvpn3_client() {
    local root tarball name cache binary log other
    root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
    tarball=$(openvpn3_source_tarball) || return 1
    name=$(basename "$tarball" .tar.gz)
    cache=${LANSTITCH_PEER_CACHE:-$root/.cache}/$name
    binary=$cache/build/test/ovpncli/ovpncli
    if [ -x "$binary" ]; then
        echo "$binary"
        return 0
    fi
    # A build of the same pinned source in the repository this one was cloned from.
    for other in $(openvpn3_roots | tail -n +2); do
        if [ -x "$other/.cache/$name/build/test/ovpncli/ovpncli" ]; then
            echo "$other/.cache/$name/build/test/ovpncli/ovpncli"
            return 0
        fi
    done
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
