#!/usr/bin/env bash
# Regenerates the captured live outputs the unit tests replay (tests/unit/*/data/live/), with
# the real tools in throw-away namespaces: nothing outside them is changed. Needs root, the
# real sshd, iptables, nftables, iproute2, python3 and the fail2ban 1.0.2 package unpacked
# (F2B_ROOT, default /tmp/f2b-pkg/root, as tests/e2e_fail2ban unpacks it).
#
# Usage: capture_unit_data.sh [REPO]   (default: the checkout this script is in)
# The outputs carry process ids and dates; the tests pin neither.
set -eu -o pipefail
repo=${1:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
unit=$repo/tests/unit
F2B_ROOT=${F2B_ROOT:-/tmp/f2b-pkg/root}
[[ $(id -u) -eq 0 ]] || { echo "needs root" >&2; exit 77; }
work=$(mktemp -d /tmp/lifeline-capture.XXXXXX)
trap 'rm -rf "$work"' EXIT
ipt=$unit/iptables/data/live nft=$unit/nftables/data/live f2b=$unit/fail2ban/data/live
ssd=$unit/sshd/data/live
nobody=(setpriv --reuid 65534 --regid 65534 --clear-groups)

# iptables and nftables: the files loaded into an empty network namespace, then listed.
unshare -n bash -c "
  iptables-nft-restore <'$ipt/rules.v4'; ip6tables-nft-restore <'$ipt/rules.v6'
  nft -f '$nft/loaded.nft'
  iptables-save >'$ipt/iptables-save-nft.txt'; ip6tables-save >'$ipt/ip6tables-save-nft.txt'
  nft -j list ruleset >'$nft/nft-j-list-ruleset.json' 2>'$nft/nft-j-list-ruleset.err'
  nft -a list ruleset >'$nft/nft-a-list-ruleset.txt' 2>'$nft/nft-list-ruleset.err'
  ${nobody[*]} iptables-save >/dev/null 2>'$ipt/iptables-save-not-root.err' || true
  ${nobody[*]} nft -j list ruleset >/dev/null 2>'$nft/nft-not-root.err' || true"
unshare -n bash -c "
  iptables-legacy-restore <'$ipt/rules.v4'; iptables-legacy-save >'$ipt/iptables-legacy-save.txt'
  iptables-nft-save >/dev/null 2>'$ipt/iptables-nft-save-legacy-warning.err'"

# ss: the real sshd on the loopback configuration; then a wildcard sshd, a link-local one and
# a dual-stack python listener.
key=/etc/ssh/ssh_host_ed25519_key
sed "s|^PidFile .*|PidFile $work/a.pid|" "$ssd/sshd_config-loopback" >"$work/loopback"
printf 'Port 22\nHostKey %s\nPidFile %s/b.pid\n' "$key" "$work" >"$work/any"
printf 'Port 2200\nListenAddress fe80::1%%lo\nHostKey %s\nPidFile %s/c.pid\n' "$key" "$work" \
    >"$work/ll"
timeout 20 unshare -n bash -c "
  ip link set lo up
  /usr/sbin/sshd -D -f '$work/loopback' 2>/dev/null & a=\$!
  for i in \$(seq 50); do [ -s '$work/a.pid' ] && break; sleep 0.1; done
  ss -tlnpH >'$ssd/ss-tlnpH-loopback.txt'; kill \$a; wait"
timeout 20 unshare -n bash -c "
  ip link set lo up; ip addr add fe80::1/64 dev lo
  /usr/sbin/sshd -D -f '$work/any' 2>/dev/null & a=\$!
  /usr/sbin/sshd -D -f '$work/ll' 2>/dev/null & b=\$!
  python3 -c '
import socket, time
s = socket.socket(socket.AF_INET6); s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 0)
s.bind((\"::\", 8022)); s.listen()
t = socket.socket(); t.bind((\"127.0.0.1\", 8023)); t.listen()
time.sleep(3)' & c=\$!
  for i in \$(seq 50); do [ -s '$work/b.pid' ] && [ -s '$work/c.pid' ] && break; sleep 0.1; done
  sleep 0.5; ss -tlnpH >'$ssd/ss-tlnpH-mixed.txt'; kill \$a \$b \$c; wait"

# fail2ban: the package's server with two jails, no database file, in its own namespaces.
conf=$work/f2b
mkdir -p "$conf"
cp -r "$F2B_ROOT"/etc/fail2ban/. "$conf/"
rm -f "$conf"/jail.d/*
: >"$work/auth.log"
printf '[Definition]\ndbfile = :memory:\n' >"$conf/fail2ban.local"
printf '[DEFAULT]\nbackend = polling\nbanaction = dummy\n[sshd]\nenabled = true\nlogpath = %s\n[recidive]\nenabled = true\nlogpath = %s\n' \
    "$work/auth.log" "$work/auth.log" >"$conf/jail.local"
cat >"$work/f2b.sh" <<SH
set -u
mount -t tmpfs -o mode=755 lifeline-capture /run; mkdir -p /run/fail2ban
export PYTHONPATH=$F2B_ROOT/usr/lib/python3/dist-packages
c() { python3 $F2B_ROOT/usr/bin/fail2ban-client -c $conf "\$@"; }
c banned >/dev/null 2>'$f2b/not-running.err'
python3 $F2B_ROOT/usr/bin/fail2ban-server -b -x -c $conf --logtarget $work/f2b.log >/dev/null
for i in \$(seq 100); do c ping >/dev/null 2>&1 && break; sleep 0.2; done
for i in \$(seq 100); do grep -q "Jail 'recidive' started" $work/f2b.log && break; sleep 0.2; done
c banned >'$f2b/banned-empty.out'
c set sshd banip 192.0.2.7 2001:db8::5 203.0.113.9 >/dev/null
c set recidive banip 192.0.2.7 >/dev/null
c banned >'$f2b/banned.out'
c stop >/dev/null
SH
timeout 60 unshare -n -m --propagation private bash "$work/f2b.sh"
echo "captured into $unit/*/data/live"
