#!/usr/bin/env bash
# Maintainer tool: writes a ufw case's etc/ufw/user.rules and user6.rules with the REAL ufw
# command, so the committed files are exactly what `ufw allow …` produces (config-semantics §4.3).
#
# Usage: make_ufw_rules.sh CASE_DIR
#   CASE_DIR/ufw-commands   one ufw command line per line, without the leading `ufw`
#                           (e.g. `allow OpenSSH`, `insert 1 deny from 10.66.1.0/24`)
#   CASE_DIR/tree/etc/default/ufw   used as is when present (IPV6=no changes what ufw writes)
#
# ufw runs in a throw-away network and mount namespace with /etc/ufw and /etc/default/ufw bound
# to scratch copies (ENABLED=no there, so ufw only writes files and never touches a firewall).
set -eu -o pipefail

case_dir=$(cd "${1:?usage: make_ufw_rules.sh CASE_DIR}" && pwd)
[[ -f $case_dir/ufw-commands ]] || { echo "no $case_dir/ufw-commands" >&2; exit 1; }
[[ $(id -u) -eq 0 ]] || { echo "needs root (namespaces)" >&2; exit 1; }

scratch=$(mktemp -d /tmp/lifeline-ufwrules.XXXXXX)
trap 'rm -rf "$scratch"' EXIT
mkdir -p "$scratch/ufw/applications.d"
cp /usr/share/ufw/iptables/*.rules "$scratch/ufw/"
cp /etc/ufw/applications.d/* "$scratch/ufw/applications.d/"
printf 'ENABLED=no\nLOGLEVEL=low\n' >"$scratch/ufw/ufw.conf"
if [[ -f $case_dir/tree/etc/default/ufw ]]; then
    cp "$case_dir/tree/etc/default/ufw" "$scratch/default-ufw"
else
    cp /etc/default/ufw "$scratch/default-ufw"
fi
grep -v -e '^[[:space:]]*#' -e '^[[:space:]]*$' "$case_dir/ufw-commands" >"$scratch/commands"

# shellcheck disable=SC2016  # the script expands its own $1
unshare -n -m --propagation private bash -c '
    set -eu
    mount --bind "$1/ufw" /etc/ufw
    mount --bind "$1/default-ufw" /etc/default/ufw
    while IFS= read -r line; do
        # shellcheck disable=SC2086  # the line is a ufw argument list
        ufw $line >/dev/null
    done <"$1/commands"
' make_ufw_rules "$scratch"

mkdir -p "$case_dir/tree/etc/ufw"
cp "$scratch/ufw/user.rules" "$scratch/ufw/user6.rules" "$case_dir/tree/etc/ufw/"
echo "wrote $case_dir/tree/etc/ufw/user.rules and user6.rules"
