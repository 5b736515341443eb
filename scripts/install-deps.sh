#!/usr/bin/env bash
# Installs what lifeline needs to build, test and benchmark on Debian 12, and nothing else.
#
# Idempotent and fast when everything is present: one dpkg-query, no apt-get at all. Only when a
# package is missing does it run `apt-get update` and install the missing ones. It also prepares
# what the differential suite's `sshd -T` needs (the privilege-separation directory and host keys).
#
# Usage: scripts/install-deps.sh        (as root, or with everything already installed)
set -euo pipefail

# Build: compiler, CMake + Ninja, the libraries the core, CLI, plugins and tests link.
# gcc's own sanitizer runtimes (libasan8, libubsan1) come with g++, so no clang is needed.
build_pkgs=(make cmake ninja-build g++ pkg-config libfmt-dev libcli11-dev nlohmann-json3-dev
            libyaml-cpp-dev libboost-dev libboost-filesystem-dev libgtest-dev libgmock-dev
            libtree-sitter-dev)
# Tests: the real sshd (differential suite), ssh client, ip/unshare (namespaces), git and the
# pre-commit framework (tests/git_hooks),
# the real firewalls the firewall differential suite loads into its own network namespaces, and
# python3 for the fail2ban differential (it runs the real fail2ban-client from the package it
# fetches with `apt-get download` and unpacks in the build tree; fail2ban is never installed),
# and python3-jsonschema for the SARIF schema test (the schema itself comes from npm, with the
# machine's Node.js: tests/sarif/README.md).
test_pkgs=(openssh-server openssh-client iproute2 util-linux git pre-commit iptables nftables ufw
           ipset python3 python3-jsonschema)
# Build speed only: ccache (used when present).
cache_pkgs=(ccache)
# Benchmarks: hyperfine for timings, GNU time for peak RSS.
bench_pkgs=(hyperfine time)

wanted=("${build_pkgs[@]}" "${test_pkgs[@]}" "${bench_pkgs[@]}" "${cache_pkgs[@]}")
# npm fetches the SARIF schema package (tests/sarif). A Node.js from elsewhere (NodeSource)
# ships its own npm and conflicts with Debian's package: ask apt only when no npm is on PATH.
command -v npm >/dev/null || wanted+=(npm)

# dpkg-query prints "ii " for installed packages and nothing (stderr) for unknown ones.
declare -A installed=()
while read -r name status; do
    [[ "$status" == ii* ]] && installed[$name]=1
done < <(dpkg-query -W -f='${Package} ${db:Status-Abbrev}\n' "${wanted[@]}" 2>/dev/null || true)

missing=()
for p in "${wanted[@]}"; do
    [[ -n "${installed[$p]:-}" ]] || missing+=("$p")
done

as_root() {
    if [[ $(id -u) -eq 0 ]]; then
        "$@"
    elif command -v sudo >/dev/null; then
        sudo "$@"
    else
        echo "install-deps: need root to run: $*" >&2
        exit 1
    fi
}

if ((${#missing[@]})); then
    echo "install-deps: installing ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    # Installing openssh-server must not start a daemon on this machine: the tests only run
    # `sshd -T` and their own sshd instances. A temporary policy-rc.d (only if none exists)
    # tells the maintainer scripts not to start services.
    policy=/usr/sbin/policy-rc.d
    made_policy=0
    if [[ " ${missing[*]} " == *" openssh-server "* && ! -e $policy ]]; then
        as_root sh -c "printf '#!/bin/sh\nexit 101\n' > $policy && chmod 755 $policy"
        made_policy=1
        trap '[[ $made_policy == 1 ]] && as_root rm -f '"$policy" EXIT
    fi
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
        "${missing[@]}"
fi

# sshd -T refuses to run without its privilege-separation directory, and wants host keys.
if [[ ! -d /run/sshd ]]; then
    as_root install -d -m 0755 /run/sshd
fi
for type in rsa ecdsa ed25519; do
    if [[ ! -e /etc/ssh/ssh_host_${type}_key ]]; then
        as_root ssh-keygen -A
        break
    fi
done
