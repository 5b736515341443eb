#!/usr/bin/env bash
# `lifeline run` end to end: a host built from a network namespace with its own /etc, /root and
# /run (a private mount namespace) and its own PID namespace, running the real OpenSSH sshd and
# the real nft; lifeline runs in a client namespace with the system ssh client and wraps changes
# that break access the way operators do. After every case a fresh login must work and the
# host's /etc/ssh and ruleset must be identical to before; a good change must be kept.
# fail2ban runs on the host for the case that gets the operator banned: the real fail2ban-server
# 1.0.2 unpacked from Debian's package (never installed), sshd logging through syslog into the
# file its sshd jail reads.
# Usage: run_e2e.sh LIFELINE F2B_DIR   (root; 77 = skipped, a failure when CI is set)
set -u -o pipefail
LIFELINE=$(realpath "${1:?usage: run_e2e.sh path/to/lifeline F2B_DIR}")
F2B_DIR=$(realpath -m "${2:?usage: run_e2e.sh path/to/lifeline F2B_DIR}")
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# f2b_unpack and f2b_python (and the access suite's helpers, unused here).
# shellcheck source=../e2e_fail2ban/lib.sh
source "$HERE/../e2e_fail2ban/lib.sh"
skip() {
    echo "SKIP: $*"
    [ -n "${CI:-}" ] && { echo "CI is set: a skip is a failure"; exit 1; }
    exit 77
}
[ "$(id -u)" = 0 ] || skip "needs root (network, mount and PID namespaces)"
for t in ip unshare nsenter sshd ssh ssh-keygen nft setsid; do
    command -v "$t" >/dev/null || skip "$t is not installed"
done
f2b_unpack "$F2B_DIR" >/dev/null; rc=$?
[ $rc = 0 ] || skip "the fail2ban $k_f2b_version package is not available (f2b_unpack: $rc)"
ID=$$
NS_S=llgate-s-$ID NS_C=llgate-c-$ID SRV=10.79.0.1 CLI=10.79.0.2 SRV6=fd79::1 CLI6=fd79::2
WORK=$(mktemp -d /tmp/lifeline-gate-e2e.XXXXXX)
HOST_PID=""
cleanup() {
    for p in $(ip netns pids "$NS_C" 2>/dev/null); do kill -9 "$p" 2>/dev/null; done
    [ -n "$HOST_PID" ] && kill -9 "$HOST_PID" 2>/dev/null  # the host's PID-namespace init: all of it dies
    ip netns del "$NS_S" 2>/dev/null; ip netns del "$NS_C" 2>/dev/null
    [ -n "${KEEP:-}" ] || rm -rf "$WORK"
}
trap cleanup EXIT INT TERM

ip netns add "$NS_S" && ip netns add "$NS_C" || { echo "cannot create namespaces"; exit 1; }
ip link add "llg${ID}s" type veth peer name "llg${ID}c" || exit 1
ip link set "llg${ID}s" netns "$NS_S" && ip link set "llg${ID}c" netns "$NS_C" || exit 1
ip -n "$NS_S" addr add $SRV/24 dev "llg${ID}s" && ip -n "$NS_S" link set "llg${ID}s" up && ip -n "$NS_S" link set lo up
ip -n "$NS_C" addr add $CLI/24 dev "llg${ID}c" && ip -n "$NS_C" link set "llg${ID}c" up && ip -n "$NS_C" link set lo up
ip -n "$NS_S" addr add $SRV6/64 dev "llg${ID}s" nodad && ip -n "$NS_C" addr add $CLI6/64 dev "llg${ID}c" nodad || exit 1
# fail2ban's commands on the host: the unpacked package run by Debian's python (the server is
# found next to the client, as fail2ban-client start does).
mkdir -p "$WORK/f2bbin"
for t in fail2ban-client fail2ban-server; do
    printf '#!/bin/sh\nPYTHONPATH=%s exec %s %s "$@"\n' "$F2B_ROOT/usr/lib/python3/dist-packages" \
        "$(f2b_python)" "$F2B_ROOT/usr/bin/$t" > "$WORK/f2bbin/$t"
    chmod 755 "$WORK/f2bbin/$t"
done

ssh-keygen -q -t ed25519 -N '' -f "$WORK/key" -C lifeline-e2e || exit 1
# The host: private /etc, /root, /run; sshd as Debian configures it, root logs in with a key.
cat > "$WORK/host_init.sh" <<INIT
mount --make-rprivate /
mkdir -p $WORK/host/root/.ssh
cp -a /etc $WORK/host/etc && mount --bind $WORK/host/etc /etc
mount --bind $WORK/host/root /root
mount -t tmpfs tmpfs /run && mkdir -p /run/sshd
cp $WORK/key.pub /root/.ssh/authorized_keys; chmod 700 /root/.ssh; chmod 600 /root/.ssh/authorized_keys
rm -rf /etc/ssh/sshd_config.d/*; printf 'PermitRootLogin prohibit-password\nPasswordAuthentication no\nUsePAM no\nPidFile /run/sshd.pid\n' > /etc/ssh/sshd_config
printf 'table inet host {\n\tchain in {\n\t\ttype filter hook input priority filter; policy accept;\n\t\ttcp dport 22 accept\n\t}\n}\n' > /etc/nftables.conf
nft flush ruleset; nft -f /etc/nftables.conf
# syslog for sshd: /dev/log is syslogd.py writing /run/auth.log as rsyslog writes auth.log, on a
# tmpfs /dev holding the few nodes sshd uses (bound in from the machine's /dev, never written).
mkdir -p $WORK/hostdev && mount --bind /dev $WORK/hostdev && mount -t tmpfs -o mode=755 llgdev /dev
for n in null zero full random urandom tty ptmx; do : > /dev/\$n; mount --bind $WORK/hostdev/\$n /dev/\$n; done
mkdir /dev/pts && mount --bind $WORK/hostdev/pts /dev/pts && ln -s /proc/self/fd /dev/fd && umount -l $WORK/hostdev
$(f2b_python) $HERE/../e2e_fail2ban/syslogd.py /dev/log /run/auth.log gatehost &
for i in \$(seq 100); do [ -S /dev/log ] && break; sleep 0.05; done
# fail2ban as Debian ships it, with the sshd jail reading that log; its state stays in /run.
mount --bind $WORK/f2bbin /usr/local/sbin
cp -a $F2B_ROOT/etc/fail2ban /etc/fail2ban && mkdir -p /run/fail2ban
printf '[Definition]\nlogtarget = /run/fail2ban/fail2ban.log\ndbfile = /run/fail2ban/fail2ban.sqlite3\n' > /etc/fail2ban/fail2ban.local
printf '[sshd]\nbackend = polling\nlogpath = /run/auth.log\nmaxretry = 3\n' > /etc/fail2ban/jail.d/gate-e2e.local
/usr/sbin/sshd || exit 1
exec sleep infinity
INIT
ip netns exec "$NS_S" unshare -m -p --fork --mount-proc bash "$WORK/host_init.sh" 2>"$WORK/host.err" &
UNSHARE_PID=$!
for _ in $(seq 1 50); do
    HOST_PID=$(pgrep -P "$UNSHARE_PID" -x bash || pgrep -P "$UNSHARE_PID" sleep) && break; sleep 0.1
done
[ -n "$HOST_PID" ] || { echo "the host did not start"; exit 1; }
in_host() { nsenter -t "$HOST_PID" -m -n -p -- "$@"; }
for _ in $(seq 1 50); do in_host ss -Htln 'sport = :22' | grep -q . && break; sleep 0.1; done
in_host ss -Htln 'sport = :22' | grep -q . || { echo "sshd did not start in the host"; exit 1; }

SSH_OPTS=(-i "$WORK/key" -o UserKnownHostsFile=/dev/null -o StrictHostKeyChecking=no)
# The gate's state on the host goes to the host's private /run, not the machine's /var/lib.
GATE_OPTS=(--state-dir /run/lifeline --connect-timeout 2 --window 10)
# The host as the gate must leave it: every snapshotted layer's files (content, mode, owner,
# mtime), the ruleset without counters (ruleset_norm.py: what the kernel evaluates, fail2ban's
# own chains left to f2b_case) and the listeners.
state() {
    in_host sh -c 'cd /etc && find ssh nftables.conf ufw default/ufw fail2ban -exec stat -c "%n %a %u %g %Y %s" {} + | sort; find ssh nftables.conf ufw default/ufw fail2ban -type f -exec md5sum {} + | sort'
    in_host nft -s list ruleset | python3 "$HERE/ruleset_norm.py"
    in_host ss -Htln | awk '{print $4}' | sort
}
fresh_login() { ip netns exec "$NS_C" ssh "${SSH_OPTS[@]}" -o BatchMode=yes -o ConnectTimeout=3 "root@${1:-$SRV}" true 2>/dev/null; }
# A change as operators run one from their machine: over the canary's control socket.
over_gate() { printf 'ssh -S "$LIFELINE_CONTROL_PATH" -o ControlMaster=no -o BatchMode=yes root@%s %q' "$SRV" "$1"; }
# The change: REMOTE_COMMAND run on the host over the canary, or `local:CMD` run as it is.
change_of() { case $1 in local:*) printf '%s' "${1#local:}";; *) over_gate "$1";; esac; }
gate() {  # gate NAME EXPECTED_EXIT REMOTE_COMMAND [lifeline options…]
    local name=$1 want=$2 remote=$3; shift 3
    local before after rc
    before=$(state)
    ip netns exec "$NS_C" timeout 200 "$LIFELINE" run --host "${GATE_HOST:-root@$SRV}" "${SSH_OPTS[@]}" \
        "${GATE_OPTS[@]}" --recovery-timeout 30 "$@" -- sh -c "$(change_of "$remote")" \
        > "$WORK/$name.log" 2>&1
    rc=$?
    after=$(state)
    local ok=1
    [ "$rc" = "$want" ] || { echo "     exit $rc, expected $want"; ok=0; }
    fresh_login || { echo "     no fresh login works afterwards"; ok=0; }
    fresh_login "$SRV6" || { echo "     no fresh login over IPv6 works afterwards"; ok=0; }
    if [ "$want" != 0 ] && [ "$before" != "$after" ]; then
        echo "     the host differs from before:"; diff <(echo "$before") <(echo "$after") | sed 's/^/       /'; ok=0
    fi
    [ -n "${BENCH_DIR:-}" ] && cp "$WORK/$name.log" "$BENCH_DIR/$name.log"
    if [ $ok = 1 ]; then echo "ok   $name ($(tail -1 "$WORK/$name.log"))"; else
        echo "FAIL $name"; sed 's/^/       /' "$WORK/$name.log"; FAILED=1; fi
}
FAILED=0

gate good_change_kept 0 'echo "# reviewed" >> /etc/ssh/sshd_config'
in_host tail -1 /etc/ssh/sshd_config | grep -qx '# reviewed' || { echo "FAIL good_change_kept: the change is gone"; FAILED=1; }
gate port_moved_without_firewall 3 'echo "Port 2222" > /etc/ssh/sshd_config.d/50-port.conf; echo "Include /etc/ssh/sshd_config.d/*.conf" | cat - /etc/ssh/sshd_config > /tmp/c && cat /tmp/c > /etc/ssh/sshd_config; kill -HUP $(cat /run/sshd.pid)'
# The cause names the line: the post-check's model of the gate's own login (root from the
# client's address to port 22) blames the new Port line.
grep -q "refused on $SRV after the change (.*); /etc/ssh/sshd_config.d/50-port.conf:1: sshd refuses root from $CLI: sshd does not listen on IPv4 port 22" \
    "$WORK/port_moved_without_firewall.log" ||
    { echo "FAIL port_moved_without_firewall: the cause does not name 50-port.conf:1"; tail -2 "$WORK/port_moved_without_firewall.log"; FAILED=1; }
gate firewall_drops_new_connections 3 'nft insert rule inet host in tcp dport 22 ct state new drop'
gate reject_kills_the_canary_deadman_restores 3 'nft insert rule inet host in tcp dport 22 reject with tcp reset'
gate sshd_stopped 3 'kill $(cat /run/sshd.pid)'
gate syntax_error_then_restart 3 'echo "PermitRootLogin maybe" >> /etc/ssh/sshd_config; kill $(cat /run/sshd.pid); sleep 0.2; /usr/sbin/sshd'
gate allowusers_excludes_the_operator 3 'echo "AllowUsers nobody" >> /etc/ssh/sshd_config; kill -HUP $(cat /run/sshd.pid)'
gate only_auth_method_disabled 3 'echo "PubkeyAuthentication no" >> /etc/ssh/sshd_config; kill -HUP $(cat /run/sshd.pid)'
gate established_traffic_dropped 3 'nft insert rule inet host in ct state established drop'
gate ufw_enabled_without_allow 3 'ufw --force enable >/dev/null'
# IPv6: the target bracketed as ssh and URLs write it; a DROP of new IPv6 connections only. The
# post-check sees the live rule; told only to report it, the gate leaves the verdict to the
# probes, whose cause names the bracketed address.
GATE_HOST="root@[$SRV6]" gate ipv6_good_change_kept 0 'echo "# reviewed over IPv6" >> /etc/ssh/sshd_config'
GATE_HOST="root@[$SRV6]:22" gate ipv6_firewall_drops_new_connections 3 'nft insert rule inet host in meta nfproto ipv6 tcp dport 22 ct state new drop' --no-rollback-on-lockout
grep -q "fresh login timed out on \[$SRV6\]:22" "$WORK/ipv6_firewall_drops_new_connections.log" ||
    { echo "FAIL ipv6_firewall_drops_new_connections: the cause does not name [$SRV6]:22"; FAILED=1; }

# fail2ban bans the operator: the change tightens the sshd jail to one failure, then the
# operator's own tooling fails one login (a user the host does not have, as a playbook with a
# wrong remote_user does). The ban (REJECT of everything from the operator to port 22) reaches
# the canary too. The rollback must restore the jail's configuration, restart fail2ban and lift
# the ban, which fail2ban restores from its database when it starts.
f2b_case() {
    # The earlier cases' refused logins are in the log: fail2ban starts on an empty one.
    in_host sh -c ': > /run/auth.log'
    in_host fail2ban-client -x -b start >/dev/null 2>&1
    for _ in $(seq 1 100); do in_host fail2ban-client status sshd >/dev/null 2>&1 && break; sleep 0.2; done
    if ! in_host fail2ban-client status sshd >/dev/null 2>&1; then
        echo "FAIL fail2ban_bans_the_operator: fail2ban-server did not start on the host"
        in_host cat /run/fail2ban/fail2ban.log 2>/dev/null | tail -20; FAILED=1; return
    fi
    # fail2ban makes its chain (and iptables-nft its table) at the jail's first ban: one ban
    # lifted before the case, so the chain is there before as after the rollback's restart.
    in_host fail2ban-client set sshd banip 192.0.2.1 >/dev/null && in_host fail2ban-client set sshd unbanip 192.0.2.1 >/dev/null
    for _ in $(seq 1 50); do in_host nft list chain ip filter f2b-sshd >/dev/null 2>&1 && break; sleep 0.1; done
    local strict ssh_c bad wait_ban
    strict=$(over_gate 'printf "[sshd]\nmaxretry = 1\n" > /etc/fail2ban/jail.d/zz-strict.local && fail2ban-client reload sshd >/dev/null')
    ssh_c="ssh $(printf '%q ' "${SSH_OPTS[@]}") -o BatchMode=yes -o ConnectTimeout=2"
    bad="$ssh_c nosuch@$SRV true 2>/dev/null"
    # The change ends once the ban is in the kernel: its REJECT rule in fail2ban's chain (fail2ban
    # lists a ban before its action has run). Asked on the host; bounded to 15 s.
    wait_ban="for i in \$(seq 1 60); do nsenter -t $HOST_PID -m -n -p -- iptables -w -S f2b-sshd 2>/dev/null | grep -q -- '-s $CLI/32 -j REJECT' && break; sleep 0.25; done"
    gate fail2ban_bans_the_operator 3 "local:$strict; $bad; $wait_ban"
    local banned
    banned=$(in_host fail2ban-client banned "$CLI" 2>&1)
    if ! in_host fail2ban-client ping >/dev/null 2>&1 || echo "$banned" | grep -q "[a-z]"; then
        echo "FAIL fail2ban_bans_the_operator: fail2ban not running again, or $CLI still banned ($banned)"; FAILED=1
    fi
    in_host sh -c 'grep -l sshd /run/lifeline/gates/*/fail2ban.banned' >/dev/null 2>&1 ||
        { echo "FAIL fail2ban_bans_the_operator: the snapshot has no record of the jails' bans"; FAILED=1; }
    grep -q "fresh login refused on $SRV after the change" "$WORK/fail2ban_bans_the_operator.log" ||
        { echo "FAIL fail2ban_bans_the_operator: the cause is not a refused login"; FAILED=1; }
    in_host fail2ban-client stop >/dev/null 2>&1
}
f2b_case

# A ufw host that admits ssh with an allow rule: the change deletes the rule (the operator meant
# another one). Afterwards ufw is turned off again for the cases that follow.
in_host sh -c 'ufw allow 22/tcp >/dev/null && ufw --force enable >/dev/null' ||
    { echo "FAIL ufw_allow_deleted: ufw could not be enabled on the host"; FAILED=1; }
gate ufw_allow_deleted 3 'ufw delete allow 22/tcp >/dev/null'
in_host ufw status | grep -q "22/tcp.*ALLOW" || { echo "FAIL ufw_allow_deleted: the allow rule is not back"; FAILED=1; }
in_host sh -c 'ufw --force disable >/dev/null && ufw delete allow 22/tcp >/dev/null'

# The canary dies mid-change (its ssh killed on the operator's side): the gate goes on without
# it, and a harmless change is still kept, confirmed by fresh logins.
gate canary_killed_change_kept 0 "local:sleep 1; pkill -f 'bin/[s]sh -T -M -S '; sleep 2"
grep -q "the canary session is gone" "$WORK/canary_killed_change_kept.log" ||
    { echo "FAIL canary_killed_change_kept: the canary's loss was not noticed"; FAILED=1; }
# A full disk where the snapshot goes: refused before anything changes.
in_host sh -c 'mkdir -p /run/full && mount -t tmpfs -o size=128k tmpfs /run/full && dd if=/dev/zero of=/run/full/fill bs=4k count=32 2>/dev/null'
before=$(state)
ip netns exec "$NS_C" "$LIFELINE" run --host root@$SRV "${SSH_OPTS[@]}" --state-dir /run/full \
    --connect-timeout 2 -- sh -c "$(over_gate 'echo "Port 2222" >> /etc/ssh/sshd_config')" > "$WORK/full.log" 2>&1
rc=$?
if [ $rc = 2 ] && grep -q "only 0 KiB free" "$WORK/full.log" && [ "$(state)" = "$before" ]; then
    echo "ok   full_disk_refused ($(tail -1 "$WORK/full.log"))"
else echo "FAIL full_disk_refused (exit $rc)"; cat "$WORK/full.log"; FAILED=1; fi

# --local: lifeline runs on the host itself (as after `ssh root@host`), the change is local, the
# probes are fresh logins from the host to its own address.
local_gate() {  # local_gate NAME EXPECTED_EXIT LOCAL_COMMAND
    local name=$1 want=$2 cmd=$3 before rc
    before=$(state)
    in_host env SSH_CONNECTION="$CLI 50000 $SRV 22" timeout 200 "$LIFELINE" run --local \
        --probe root@$SRV "${SSH_OPTS[@]}" "${GATE_OPTS[@]}" --recovery-timeout 30 -- sh -c "$cmd" \
        > "$WORK/$name.log" 2>&1
    rc=$?
    local ok=1
    [ "$rc" = "$want" ] || { echo "     exit $rc, expected $want"; ok=0; }
    fresh_login || { echo "     no fresh login works afterwards"; ok=0; }
    if [ "$want" != 0 ] && [ "$before" != "$(state)" ]; then echo "     the host differs from before"; ok=0; fi
    if [ $ok = 1 ]; then echo "ok   $name ($(tail -1 "$WORK/$name.log"))"; else
        echo "FAIL $name"; sed 's/^/       /' "$WORK/$name.log"; FAILED=1; fi
}
local_gate local_good_change_kept 0 'echo "# local" >> /etc/ssh/sshd_config'
local_gate local_port_moved 3 'echo "Port 2222" > /etc/ssh/sshd_config.d/50-port.conf; sed -i "1i Include /etc/ssh/sshd_config.d/*.conf" /etc/ssh/sshd_config; kill -HUP $(cat /run/sshd.pid)'
grep -q "; /etc/ssh/sshd_config.d/50-port.conf:1: sshd refuses root from $CLI" "$WORK/local_port_moved.log" ||
    { echo "FAIL local_port_moved: the cause does not name 50-port.conf:1"; tail -1 "$WORK/local_port_moved.log"; FAILED=1; }

# `make bench-gate`: the overhead of gating a good change, next to the same change run bare.
if [ -n "${BENCH_DIR:-}" ]; then
    good=$(over_gate 'true')
    for i in 1 2 3 4 5; do
        t0=$(date +%s%N); ip netns exec "$NS_C" sh -c "LIFELINE_CONTROL_PATH=none; ssh ${SSH_OPTS[*]} -o BatchMode=yes root@$SRV true"; t1=$(date +%s%N)
        ip netns exec "$NS_C" "$LIFELINE" run --host root@$SRV "${SSH_OPTS[@]}" "${GATE_OPTS[@]}" -- sh -c "$good" >/dev/null 2>&1; t2=$(date +%s%N)
        echo "$(( (t1 - t0) / 1000000 )) $(( (t2 - t1) / 1000000 ))" >> "$BENCH_DIR/overhead.txt"
    done
fi

# lifeline itself dies mid-change (SIGKILL): nothing on the operator's side remains to act; the
# dead-man restores the host once the window passes without a sign of life.
before=$(state)
ip netns exec "$NS_C" "$LIFELINE" run --host root@$SRV "${SSH_OPTS[@]}" "${GATE_OPTS[@]}" \
    -- sh -c "$(over_gate 'echo "DenyUsers root" >> /etc/ssh/sshd_config; kill -HUP $(cat /run/sshd.pid)'); sleep 60" \
    > "$WORK/sigkill.log" 2>&1 &
LL=$!
for _ in $(seq 1 100); do grep -q "change: running" "$WORK/sigkill.log" && break; sleep 0.1; done
sleep 1; kill -9 $LL; wait $LL 2>/dev/null
for p in $(ip netns pids "$NS_C"); do kill -9 "$p" 2>/dev/null; done  # its orphans: the canary, the change
fresh_login && { echo "FAIL lifeline_sigkilled: the change did not lock root out"; FAILED=1; }
for _ in $(seq 1 40); do fresh_login && break; sleep 0.5; done  # bounded: 20 s past the window
if fresh_login && [ "$(state)" = "$before" ]; then echo "ok   lifeline_sigkilled (the dead-man restored the host)"
else echo "FAIL lifeline_sigkilled"; diff <(echo "$before") <(state); cat "$WORK/sigkill.log"; FAILED=1; fi

# Two gates on one host: the second is refused before it touches anything; the first goes on.
ip netns exec "$NS_C" "$LIFELINE" run --host root@$SRV "${SSH_OPTS[@]}" "${GATE_OPTS[@]}" \
    -- sleep 4 > "$WORK/first.log" 2>&1 &
FIRST=$!
for _ in $(seq 1 100); do grep -q "change: running" "$WORK/first.log" && break; sleep 0.1; done
ip netns exec "$NS_C" "$LIFELINE" run --host root@$SRV "${SSH_OPTS[@]}" "${GATE_OPTS[@]}" \
    -- true > "$WORK/second.log" 2>&1
second=$?
wait $FIRST; first=$?
if [ $second = 2 ] && grep -q "another gate holds the host lock" "$WORK/second.log" && [ $first = 0 ]; then
    echo "ok   two_gates_at_once (the second refused, the first kept)"
else echo "FAIL two_gates_at_once (first $first, second $second)"; cat "$WORK/first.log" "$WORK/second.log"; FAILED=1; fi

exit $FAILED
