#!/usr/bin/env bash
# Loads one case's firewall files with the real tools, in the boot order lifeline assumes
# (README.md, "Load order"). Runs inside the server network namespace AND a private mount
# namespace (run by lib.sh load_rules): the binds below vanish with it, the host's /etc is never
# written, and nothing here can reach the host's netfilter state.
#
# Usage: load_rules.sh SANDBOX OUT   (SANDBOX from lib.sh sandbox_build)
# Writes OUT/loads (`NAME EXIT` per load), OUT/load-NAME.log, and dumps of the live state.
set -u
sb=$1 out=$2

# Refuse to run anywhere but a private mount namespace of a non-initial network namespace.
[[ $(readlink /proc/self/ns/net) != "$(readlink /proc/1/ns/net)" ]] ||
    { echo "load_rules.sh: refusing to run in the host network namespace" >&2; exit 90; }
[[ $(readlink /proc/self/ns/mnt) != "$(readlink /proc/1/ns/mnt)" ]] ||
    { echo "load_rules.sh: refusing to run in the host mount namespace" >&2; exit 90; }

mount --bind /etc "$sb/hostetc" || exit 91
mount --bind "$sb/etc" /etc || exit 91

run() {
    local name=$1
    shift
    "$@" >"$out/load-$name.log" 2>&1 </dev/null
    echo "$name $?" >>"$out/loads"
}
# shellcheck disable=SC2317  # called through run
restore_from() {
    local file=$1
    shift
    "$@" <"$file"
}

# Which tool each name the boot scripts and ufw-init call resolves to (/usr/sbin/NAME ->
# /etc/alternatives/NAME -> ...): the driver checks it against the backends the tree selects.
for tool in iptables iptables-restore iptables-save ip6tables ip6tables-restore ip6tables-save; do
    echo "$tool $(readlink -f "/usr/sbin/$tool")"
done >"$out/resolved"

# ipsets first: iptables rules with -m set need them (config-semantics §2.3).
[[ -f /etc/iptables/ipsets ]] && run ipset restore_from /etc/iptables/ipsets ipset restore
# netfilter-persistent runs `iptables-restore < rules.v4`: the backend update-alternatives selects.
[[ -f /etc/iptables/rules.v4 ]] && run rules.v4 restore_from /etc/iptables/rules.v4 /usr/sbin/iptables-restore
[[ -f /etc/iptables/rules.v6 ]] && run rules.v6 restore_from /etc/iptables/rules.v6 /usr/sbin/ip6tables-restore
[[ -f /etc/nftables.conf ]] && run nftables nft -f /etc/nftables.conf
# ufw-init decides itself from ENABLED= in ufw.conf, as ufw.service does at boot; it calls
# `iptables`/`iptables-restore` through PATH, so the same alternatives apply.
[[ -f /etc/ufw/ufw.conf ]] && run ufw /lib/ufw/ufw-init start

# What the kernel holds now (for reports; nft shows iptables-nft and ufw tables too).
nft list ruleset >"$out/live.nft" 2>&1
if grep -q legacy "$sb/backends"; then
    { iptables-legacy-save; ip6tables-legacy-save; } >"$out/live.legacy" 2>&1
fi
[[ -f /etc/iptables/ipsets ]] && ipset save >"$out/live.ipset" 2>&1
exit 0
