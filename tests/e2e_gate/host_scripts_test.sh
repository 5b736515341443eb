#!/usr/bin/env bash
# The gate's host-side half (gate/scripts/lib.sh) against the real tools: each case runs in its
# own network, mount and PID namespace (`unshare -m -n -p --fork`: every process it starts dies
# with it), with a private copy of /etc bind-mounted over /etc and a tmpfs /run, so the real
# sshd, nft, iptables-nft and iptables-legacy change nothing outside. A case takes the snapshot,
# arms the dead-man, makes a change that breaks access the way operators do, and then checks
# that after the rollback every snapshotted file is byte-identical (content, mode, owner, mtime),
# every ruleset lists exactly as before, and sshd listens where it did.
# The scripts are composed by lifeline's own code (print_host_script, gate/host_script.cpp).
# Usage: host_scripts_test.sh PRINT_HOST_SCRIPT   (root; 77 = skipped, a failure when CI is set)
set -u -o pipefail
PRINT=$(realpath "${1:?usage: host_scripts_test.sh path/to/print_host_script}")
skip() {
    echo "SKIP: $*"
    [ -n "${CI:-}" ] && { echo "CI is set: a skip is a failure"; exit 1; }
    exit 77
}
[ "$(id -u)" = 0 ] || skip "needs root (network and mount namespaces)"
for t in unshare sshd nft iptables-nft iptables-legacy ss setsid; do
    command -v "$t" >/dev/null || skip "$t is not installed"
done
WORK=$(mktemp -d /tmp/lifeline-gate-scripts.XXXXXX)
trap 'rm -rf "$WORK"' EXIT

# Runs inside a case's namespaces: set-up, the helpers the cases use.
cat > "$WORK/case_lib.sh" <<'INNER'
set -u -o pipefail
mount --make-rprivate /
cp -a /etc "$CASE/etc" && mount --bind "$CASE/etc" /etc
mount -t tmpfs tmpfs /run && mkdir -p /run/sshd
mkdir -p "$CASE/lib"
ip link set lo up
fail() { echo "FAIL: $*"; exit 1; }
host() {  # one host-side action as lifeline composes it: host GATE_ID ACTION
    "$PRINT" "$1" "$CASE/lib" "${WINDOW:-3}" 198.51.100.9 "$2" > "$CASE/script.$1.$2" || fail "compose $2"
    sh -s < "$CASE/script.$1.$2"
}
arm() { host "$1" arm; }
start_sshd() { /usr/sbin/sshd -o Port=22 -o PidFile=/run/sshd.pid || fail "sshd did not start"; wait_listen 22; }
wait_listen() {  # bounded: 5 s
    for _ in $(seq 1 50); do ss -Htln "sport = :$1" | grep -q . && return 0; sleep 0.1; done
    fail "nothing listens on port $1"
}
listening() { ss -Htlnp | grep sshd | awk '{print $4}' | sort | tr '\n' ' '; }
rules() { (iptables-nft-save; ip6tables-nft-save; iptables-legacy-save; ip6tables-legacy-save; nft list ruleset) 2>/dev/null | grep -v '^#'; }
files() { (cd /etc && find ssh iptables nftables.conf -exec stat -c '%n %a %u %g %Y %s %F' {} + 2>/dev/null | sort
           find ssh iptables nftables.conf -type f -exec md5sum {} + 2>/dev/null | sort); }
base_state() {
    start_sshd
    printf 'table inet host {\n\tchain in {\n\t\ttype filter hook input priority filter; policy accept;\n\t\ttcp dport 22 accept\n\t}\n}\n' > /etc/nftables.conf
    nft -f /etc/nftables.conf || fail "nft -f"
    iptables-nft -A INPUT -s 198.51.100.0/24 -p tcp --dport 22 -j ACCEPT
    iptables-legacy -A INPUT -s 192.0.2.0/24 -j DROP
    mkdir -p /etc/iptables && iptables-nft-save > /etc/iptables/rules.v4
    RULES0=$(rules) FILES0=$(files) LISTEN0=$(listening)
}
break_everything() {  # what operators do at 2 a.m.
    echo "Port 2222" > /etc/ssh/sshd_config.d/50-port.conf
    echo "AllowUsers nobody" >> /etc/ssh/sshd_config
    chmod 600 /etc/ssh/sshd_config
    echo junk > /etc/ssh/new-file
    mkdir -p /etc/nftables.d
    nft insert rule inet host in tcp dport 22 drop
    iptables-nft -I INPUT -p tcp --dport 22 -j REJECT
    iptables-nft -N EXTRA
    iptables-legacy -I INPUT -p tcp --dport 22 -j DROP
    nft add table ip new_table
    kill -HUP "$(cat /run/sshd.pid)"; wait_listen 2222
}
check_restored() {
    [ "$(rules)" = "$RULES0" ] || { diff <(echo "$RULES0") <(rules); fail "rulesets differ from before"; }
    [ "$(files)" = "$FILES0" ] || { diff <(echo "$FILES0") <(files); fail "files differ from before"; }
    [ ! -e /etc/ssh/new-file ] || fail "a file the change created is still there"
    [ ! -e /etc/nftables.d ] || fail "a directory the change created is still there"
    for _ in $(seq 1 30); do [ "$(listening)" = "$LISTEN0" ] && break; sleep 0.1; done
    [ "$(listening)" = "$LISTEN0" ] || fail "sshd listens on $(listening), before on $LISTEN0"
    [ ! -e "$CASE/lib/lock" ] || fail "the host lock is still held"
}
INNER

run_case() {
    local name=$1 body=$2
    mkdir -p "$WORK/$name"
    if CASE="$WORK/$name" PRINT="$PRINT" timeout 60 unshare -m -n -p --fork --mount-proc \
        bash -c ". '$WORK/case_lib.sh'; $body" > "$WORK/$name.log" 2>&1; then
        echo "ok   $name"
    else
        echo "FAIL $name"; sed 's/^/     /' "$WORK/$name.log"; FAILED=1
    fi
}
FAILED=0

# The operator vanished: nothing but the dead-man restores, on its own, within the window.
run_case deadman_restores_everything '
    base_state
    host g1 preflight >/dev/null || fail "preflight"
    WINDOW=2 arm g1 | grep -q "^armed process" || fail "arm"
    break_everything
    for _ in $(seq 1 100); do [ -e "$CASE/lib/gates/g1/rolled-back" ] && break; sleep 0.1; done
    [ -e "$CASE/lib/gates/g1/rolled-back" ] || fail "the dead-man did not fire within 10 s"
    grep -q "rollback done failed=0" "$CASE/lib/gates/g1/rollback.log" || { cat "$CASE/lib/gates/g1/rollback.log"; fail "rollback reported a failure"; }
    check_restored
    [ "$(host g1 disarm)" = fired ] || fail "disarm after the dead-man must say fired"'

# The gate decides to roll back over the canary before the window ends.
run_case canary_rollback_disarms_the_deadman '
    base_state
    host g2 preflight >/dev/null && WINDOW=30 arm g2 >/dev/null || fail "preflight/arm"
    pid=$(cat "$CASE/lib/gates/g2/deadman.pid")
    break_everything
    host g2 rollback >/dev/null || fail "rollback failed"
    check_restored
    sleep 0.2; ! kill -0 "$pid" 2>/dev/null || fail "the dead-man still runs after the rollback"
    [ "$(host g2 rollback)" = "rollback already ran" ] || fail "a second rollback must not run"'

# A confirmed change is kept: the dead-man never fires.
run_case disarm_keeps_the_change '
    base_state
    host g3 preflight >/dev/null && WINDOW=2 arm g3 >/dev/null || fail "preflight/arm"
    echo "# reviewed" >> /etc/ssh/sshd_config
    [ "$(host g3 disarm)" = disarmed ] || fail "disarm"
    sleep 3
    [ ! -e "$CASE/lib/gates/g3/rolled-back" ] || fail "rolled back after the disarm"
    tail -1 /etc/ssh/sshd_config | grep -qx "# reviewed" || fail "the change was not kept"
    [ ! -e "$CASE/lib/lock" ] || fail "the lock is still held"'

# sshd stopped by the change: the rollback starts it again as it ran.
run_case sshd_stopped_is_started_again '
    base_state
    host g4 preflight >/dev/null && WINDOW=30 arm g4 >/dev/null || fail "preflight/arm"
    kill "$(cat /run/sshd.pid)"; for _ in $(seq 1 50); do ss -Htln "sport = :22" | grep -q . || break; sleep 0.1; done
    host g4 rollback >/dev/null || fail "rollback failed"
    check_restored'

# A reboot while armed: the detached dead-man is gone with the old boot; the boot hook the arm
# left (/etc/cron.d here, no systemd in the namespace) must roll the unconfirmed change back.
run_case reboot_hook_rolls_back '
    base_state
    host g8 preflight >/dev/null && WINDOW=600 arm g8 >/dev/null || fail "preflight/arm"
    hook=/etc/cron.d/lifeline-g8
    [ -f "$hook" ] || fail "no boot hook in /etc/cron.d"
    kill "$(cat "$CASE/lib/gates/g8/deadman.pid")"   # the "reboot": the waiting process is gone
    break_everything
    cmd=$(sed -n "s/^@reboot root //p" "$hook")
    [ -n "$cmd" ] || fail "the hook has no @reboot line: $(cat "$hook")"
    sh -c "$cmd" >/dev/null || fail "the boot command failed"
    check_restored
    [ ! -e "$hook" ] || fail "the boot hook outlived the rollback"'

# Two gates on one host: the second is refused and changes nothing.
run_case second_gate_is_refused '
    base_state
    host g5 preflight >/dev/null || fail "first preflight"
    out=$(host g6 preflight 2>&1) && fail "the second preflight succeeded"
    echo "$out" | grep -q "another gate holds the host lock .*(gate g5)" || fail "message: $out"
    [ ! -e "$CASE/lib/gates/g6" ] || fail "the refused gate left a snapshot"'

# A full disk where the snapshot goes: refused before anything is touched.
run_case full_disk_refused '
    mkdir -p "$CASE/lib" && mount -t tmpfs -o size=256k tmpfs "$CASE/lib"
    dd if=/dev/zero of="$CASE/lib/fill" bs=4k count=64 2>/dev/null
    out=$(host g7 preflight 2>&1) && fail "preflight succeeded on a full disk"
    echo "$out" | grep -q "only 0 KiB free" || fail "message: $out"
    [ ! -e "$CASE/lib/lock" ] || fail "a refused preflight left the lock"'

exit $FAILED
