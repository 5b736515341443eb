#!/bin/sh
# Checks what the ufw rule fixtures claim against real traffic: for each fixture, the real
# /lib/ufw/ufw-init starts ufw from the fixture's etc/ufw and etc/default/ufw (bind-mounted in a
# private mount namespace) inside a throw-away network namespace "server", a listener accepts on
# the port, and a second namespace "client" behind a veth pair opens TCP connections over IPv4
# and IPv6. The outcomes (CONNECTED, TIMEOUT, REFUSED) must be the ones the fixture's findings
# describe, e.g. UFW003's bad tree times out while its good tree connects.
#
# Needs root, ip, unshare, python3 and ufw; exits 77 (skipped) otherwise. Namespaces are
# deleted on exit. Usage: fixture_probes.sh SOURCE_DIR
set -u
SRC=${1:?usage: fixture_probes.sh SOURCE_DIR}
FX="$SRC/tests/fixtures/ufw"
PY=/usr/bin/python3
if [ "$(id -u)" != 0 ] || [ ! -x /lib/ufw/ufw-init ] || ! command -v ip >/dev/null ||
   ! command -v unshare >/dev/null || [ ! -x "$PY" ]; then
    echo "skipped: needs root, ip, unshare, $PY and ufw"
    exit 77
fi
S=lfxsrv$$
C=lfxcli$$
cleanup() { ip netns del $S 2>/dev/null; ip netns del $C 2>/dev/null; }
trap cleanup EXIT INT TERM

# probe FIXTURE NET PORT COUNT -> prints "v4=R,R… v6=R,R…"
probe() {
    root=$1 net=$2 port=$3 count=$4
    cleanup
    ip netns add $S && ip netns add $C || return 1
    ip link add vs$$ type veth peer name vc$$
    ip link set vs$$ netns $S
    ip link set vc$$ netns $C
    ip -n $S addr add "$net.1/24" dev vs$$
    ip -n $C addr add "$net.7/24" dev vc$$
    ip -n $S addr add fd99::1/64 dev vs$$ nodad
    ip -n $C addr add fd99::2/64 dev vc$$ nodad
    for n in $S $C; do ip -n $n link set lo up; done
    ip -n $S link set vs$$ up
    ip -n $C link set vc$$ up
    ip netns exec $S unshare -m sh -c '
        mount --make-rprivate / &&
        mount --bind "$1/etc/ufw" /etc/ufw &&
        mount --bind "$1/etc/default/ufw" /etc/default/ufw || exit 1
        /lib/ufw/ufw-init start >/dev/null 2>&1
        "$2" - "$3" <<"EOF" &
import socket, sys, threading, time
def serve(fam, addr):
    s = socket.socket(fam, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    if fam == socket.AF_INET6:
        s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
    s.bind((addr, int(sys.argv[1])))
    s.listen(64)
    while True:
        c, _ = s.accept()
        c.close()
for fam, addr in ((socket.AF_INET, "0.0.0.0"), (socket.AF_INET6, "::")):
    threading.Thread(target=serve, args=(fam, addr), daemon=True).start()
time.sleep(30)
EOF
        server=$!
        sleep 1
        ip netns exec "$4" "$2" - "$5" "$3" "$6" <<"EOF"
import socket, sys
net, port, count = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
out = []
for fam, dst in ((socket.AF_INET, net + ".1"), (socket.AF_INET6, "fd99::1")):
    results = []
    # One IPv6 attempt: after failed neighbour discovery the next ones fail differently.
    for _ in range(count if fam == socket.AF_INET else 1):
        s = socket.socket(fam)
        s.settimeout(1.5)
        try:
            s.connect((dst, port))
            results.append("CONNECTED")
        except socket.timeout:
            results.append("TIMEOUT")
        except ConnectionRefusedError:
            results.append("REFUSED")
        except OSError as e:
            results.append("ERROR")
        s.close()
    out.append(("v4=" if fam == socket.AF_INET else "v6=") + ",".join(results))
print(" ".join(out))
EOF
        kill $server 2>/dev/null
    ' sh "$root" "$PY" "$port" "$C" "$net" "$count"
    cleanup
}

failed=0
# check FIXTURE VARIANT NET PORT COUNT EXPECTED
check() {
    got=$(probe "$FX/$1/$2" "$3" "$4" "$5")
    if [ "$got" = "$6" ]; then
        echo "ok   $1/$2: $got"
    else
        echo "FAIL $1/$2: got '$got', expected '$6'"
        failed=1
    fi
}

T=TIMEOUT
OK=CONNECTED
check UFW002-invalid-setting bad 10.99.0 9999 1 "v4=$OK v6=$T"        # policy "drop": INPUT stays ACCEPT
check UFW002-invalid-setting good 10.99.0 9999 1 "v4=REFUSED v6=$T"   # REJECT policy
check UFW003-ssh-port-not-allowed bad 10.99.0 2222 1 "v4=$T v6=$T"
check UFW003-ssh-port-not-allowed good 10.99.0 2222 1 "v4=$OK v6=$T"
check UFW004-ssh-port-rate-limited bad 10.99.0 2222 7 \
    "v4=$OK,$OK,$OK,$OK,$OK,REFUSED,REFUSED v6=$T"
check UFW004-ssh-port-rate-limited good 10.99.0 2222 7 \
    "v4=$OK,$OK,$OK,$OK,$OK,$OK,$OK v6=$T"
check UFW005-app-profile-misses-ssh-port bad 10.99.0 2222 1 "v4=$T v6=$T"
check UFW005-app-profile-misses-ssh-port good 10.99.0 22 1 "v4=$OK v6=$T"
check UFW006-ipv6-disabled-while-sshd-on-ipv6 bad 10.99.0 2222 1 "v4=$OK v6=$T"
check UFW006-ipv6-disabled-while-sshd-on-ipv6 good 10.99.0 2222 1 "v4=$OK v6=$OK"
check UFW008-rules-file-fails-to-load bad 10.99.0 2222 1 "v4=$T v6=$T"
check UFW008-rules-file-fails-to-load good 10.99.0 2222 1 "v4=$OK v6=$T"
check UFW009-ssh-allow-shadowed bad 198.51.100 2222 1 "v4=$T v6=$T"
check UFW009-ssh-allow-shadowed good 192.0.2 2222 1 "v4=$OK v6=$T"
check UFW010-before-rules-block-ssh bad 10.99.0 2222 1 "v4=$T v6=$T"
check UFW010-before-rules-block-ssh good 10.99.0 2222 1 "v4=$OK v6=$T"
check UFW011-established-not-accepted bad 10.99.0 2222 1 "v4=$T v6=$T"
check UFW011-established-not-accepted good 10.99.0 2222 1 "v4=$OK v6=$T"
exit $failed
