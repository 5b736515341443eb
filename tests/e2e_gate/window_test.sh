#!/usr/bin/env bash
# `lifeline window` on a host of its own (network, mount and PID namespaces; a private copy of
# /etc, a tmpfs /run) running the real sshd: open, confirm refused from the opening connection
# and from a console, confirm from another connection keeps the change; rollback restores; an
# unconfirmed window is rolled back by the dead-man. SSH_CONNECTION is set as sshd sets it.
# Usage: window_test.sh LIFELINE   (root; 77 = skipped, a failure when CI is set)
set -u -o pipefail
L=$(realpath "${1:?usage: window_test.sh path/to/lifeline}")
if [ "$(id -u)" != 0 ]; then
    echo "SKIP: needs root"; [ -n "${CI:-}" ] && exit 1; exit 77
fi
W=$(mktemp -d /tmp/lifeline-window.XXXXXX)
trap 'rm -rf "$W"' EXIT
cat > "$W/inner.sh" <<'INNER'
set -u -o pipefail
mount --make-rprivate /
cp -a /etc "$W/etc" && mount --bind "$W/etc" /etc && mount -t tmpfs tmpfs /run && mkdir -p /run/sshd
ip link set lo up
/usr/sbin/sshd -o PidFile=/run/sshd.pid || exit 1
S=(--state-dir /run/lifeline)
fail() { echo "FAIL: $*"; exit 1; }
opener="198.51.100.9 40000 10.0.0.1 22" fresh="198.51.100.9 40002 10.0.0.1 22"
conf0=$(md5sum < /etc/ssh/sshd_config)
SSH_CONNECTION=$opener "$L" window open --window 10 "${S[@]}" | grep -q "^window .* open" || fail "open"
SSH_CONNECTION=$opener "$L" window status "${S[@]}" | grep -q "armed, rolls back in" || fail "status"
out=$(SSH_CONNECTION=$opener "$L" window confirm "${S[@]}" 2>&1) && fail "confirm from the opening connection accepted"
echo "$out" | grep -q "this is the SSH connection that opened the window" || fail "message: $out"
out=$(env -u SSH_CONNECTION "$L" window confirm "${S[@]}" 2>&1) && fail "confirm from a console accepted"
echo "Port 2222" >> /etc/ssh/sshd_config
SSH_CONNECTION=$fresh "$L" window confirm "${S[@]}" | grep -q "confirmed from 198.51.100.9: the change is kept" || fail "confirm"
sleep 11
tail -1 /etc/ssh/sshd_config | grep -qx "Port 2222" || fail "the confirmed change was rolled back"
# rollback by hand
conf1=$(md5sum < /etc/ssh/sshd_config)
SSH_CONNECTION=$opener "$L" window open --window 30 "${S[@]}" >/dev/null || fail "open 2"
echo "Port 2223" >> /etc/ssh/sshd_config
"$L" window rollback "${S[@]}" >/dev/null; rc=$?
[ $rc = 3 ] || fail "rollback exit $rc"
[ "$(md5sum < /etc/ssh/sshd_config)" = "$conf1" ] || fail "rollback did not restore sshd_config"
# nobody confirms: the dead-man restores
SSH_CONNECTION=$opener "$L" window open --window 10 "${S[@]}" >/dev/null || fail "open 3"
echo "AllowUsers nobody" >> /etc/ssh/sshd_config
for _ in $(seq 1 40); do [ "$(md5sum < /etc/ssh/sshd_config)" = "$conf1" ] && break; sleep 0.5; done
[ "$(md5sum < /etc/ssh/sshd_config)" = "$conf1" ] || fail "the dead-man did not restore within 20 s"
for _ in $(seq 1 20); do "$L" window status "${S[@]}" | grep -q "^no window open" && break; sleep 0.5; done
"$L" window status "${S[@]}" | grep -q "^no window open; the last one (.*) was rolled back at" || fail "a window is still open after the rollback"
# a confirm that comes after the dead-man fired is told so, with exit 3 (rolled back)
out=$(SSH_CONNECTION=$fresh "$L" window confirm "${S[@]}" 2>&1); rc=$?
[ $rc = 3 ] || fail "late confirm exit $rc: $out"
echo "$out" | grep -q "too late to confirm: window .* was already rolled back at" || fail "late confirm message: $out"
echo ok
INNER
W=$W L=$L timeout 120 unshare -m -n -p --fork --mount-proc bash "$W/inner.sh"
