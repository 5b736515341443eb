# shellcheck shell=bash disable=SC2034  # globals read by run_e2e.sh and cases.sh
# Machinery of the fail2ban e2e suite (README.md): the real fail2ban 1.0.2 package unpacked in the
# build tree, sshd logging through syslog into the file fail2ban reads, the real fail2ban-server
# in the server namespace, failed and good logins from the client namespace, lifeline's answer.
#
# The network namespaces, the host trees (users, keys, sshd_config) and stopping a process group
# come from the access e2e suite's lib.sh, sourced here (net_up, net_down, tree_new, add_key,
# conf, conf_raw, sshd_stop and the k_* addresses); this file adds what fail2ban needs.

# shellcheck source=../e2e_access/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/../e2e_access/lib.sh"

log() { printf '%s\n' "$*"; }
die() { printf 'fail2ban e2e: %s\n' "$*" >&2; exit 1; }

k_f2b_version=1.0.2          # the action table of plugins/fail2ban/ban.cpp is this release's
k_wait_f2b_s=20              # fail2ban-server must have started every jail within this
k_wait_verdict_s=15          # every jail must have banned or ignored a source within this
k_bad_user=nosuch            # failed logins: a user sshd does not know ("Invalid user ...")
k_fail_bound_s=5             # bound on one failed login (see ssh_try)

F2B_ROOT=""                  # the unpacked package (usr/bin/fail2ban-server, etc/fail2ban, ...)
F2B_PID=""                   # process group leader of the running fail2ban-server, or ""
SYSLOG_HOST=e2e-server       # host name the syslog receiver writes into auth.log lines

# --- the package ----------------------------------------------------------------------------------
# f2b_unpack DIR: makes DIR/root hold fail2ban 1.0.2 unpacked (dpkg-deb -x; never installed: that
# would start the service). Order: an earlier unpack (DIR/VERSION), $LIFELINE_F2B_DEB,
# /tmp/f2b-pkg, a .deb in DIR, the one the fail2ban differential fetched into the same build tree
# (DIR/../../f2b_differential/oracle), apt's cache, `apt-get download fail2ban` (as root with one
# `apt-get update` and a retry when apt does not know the package yet: a fresh container without
# package lists; tests/f2b_differential/oracle.py does the same). Sets F2B_ROOT.
# 0 ok, 1 error (wrong version, broken .deb), 2 unavailable (no apt, no network).
f2b_unpack() {
    local dir=$1 version deb="" c
    F2B_ROOT=$dir/root
    if [[ -f $dir/VERSION && -f $F2B_ROOT/usr/bin/fail2ban-server ]]; then
        version=$(<"$dir/VERSION")
        [[ $version == "$k_f2b_version"-* ]] && return 0
    fi
    mkdir -p "$dir" || return 1
    for c in ${LIFELINE_F2B_DEB:+"$LIFELINE_F2B_DEB"} /tmp/f2b-pkg/fail2ban_"$k_f2b_version"-*_all.deb \
        "$dir"/fail2ban_"$k_f2b_version"-*_all.deb \
        "$dir"/../../f2b_differential/oracle/fail2ban_"$k_f2b_version"-*_all.deb \
        /var/cache/apt/archives/fail2ban_"$k_f2b_version"-*_all.deb; do
        [[ -f $c ]] && { deb=$c; break; }
    done
    if [[ -z $deb ]]; then
        command -v apt-get >/dev/null || { log "no apt-get to fetch the fail2ban package"; return 2; }
        log "fetching the fail2ban package with apt-get download (unpacked only, never installed)"
        local get=(apt-get download -q -o Acquire::http::Timeout=20 -o APT::Sandbox::User=root
            fail2ban)
        if ! (cd "$dir" && timeout 180 "${get[@]}" >"$dir/download.log" 2>&1); then
            if [[ $(id -u) -eq 0 ]]; then
                log "apt-get download fail2ban failed ($(tail -n 1 "$dir/download.log")); running apt-get update once"
                timeout 300 apt-get update -qq >>"$dir/download.log" 2>&1 &&
                    (cd "$dir" && timeout 180 "${get[@]}" >>"$dir/download.log" 2>&1)
            else
                false
            fi || {
                log "apt-get download fail2ban failed: $(tail -n 1 "$dir/download.log")"
                return 2
            }
        fi
        for c in "$dir"/fail2ban_*_all.deb; do [[ -f $c ]] && deb=$c; done
        [[ -n $deb ]] || { log "apt-get download produced no .deb"; return 2; }
    fi
    version=$(dpkg-deb -f "$deb" Version) || { log "dpkg-deb cannot read $deb"; return 1; }
    if [[ $version != "$k_f2b_version"-* ]]; then
        log "$deb is fail2ban $version; this suite is pinned to $k_f2b_version (Debian 12)"
        return 1
    fi
    rm -rf "$F2B_ROOT" "$dir/root.tmp"
    if ! dpkg-deb -x "$deb" "$dir/root.tmp" || ! mv "$dir/root.tmp" "$F2B_ROOT"; then
        log "dpkg-deb -x $deb failed"
        return 1
    fi
    echo "$version" >"$dir/VERSION"
    log "unpacked fail2ban $version from $deb"
}

# The package's python code runs with Debian's interpreter (the one it is built for).
f2b_python() {
    if [[ -x /usr/bin/python3 ]]; then echo /usr/bin/python3; else command -v python3; fi
}

# f2b_client CONFDIR SOCK ARGS...: the package's fail2ban-client (bounded).
f2b_client() {
    local confdir=$1 sock=$2
    shift 2
    PYTHONPATH=$F2B_ROOT/usr/lib/python3/dist-packages timeout 20 "$(f2b_python)" \
        "$F2B_ROOT/usr/bin/fail2ban-client" -c "$confdir" -s "$sock" "$@"
}

# --- sshd, logging through syslog -----------------------------------------------------------------
# Starts the tree's sshd like the access suite does (server namespace, private mount namespace,
# the tree's etc/ssh, passwd, group, shadow, home, root bound over the real paths), but without
# -e: it logs through syslog(3) to /dev/log, which here is syslogd.py writing AUTHLOG in the
# format rsyslog gives /var/log/auth.log (`Nov 24 20:47:41 HOST sshd[4572]: Invalid user ...`),
# the format fail2ban's sshd filter expects (its prefix regex needs `sshd[PID]:`). /dev/log is
# made inside the mount namespace only: a fresh tmpfs on /dev with the few device nodes sshd
# uses bound in from the real /dev (the real /dev is never written).
# Returns 0 when listening, 1 when sshd exited, 2 when it did neither in time.
sshd_start_syslog() {
    local tree=$1 dir=$2 authlog=$3
    local pidfile=$dir/sshd.pid start=$dir/start-sshd.sh here
    here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
    rm -f "$pidfile"
    mkdir -p "$dir/hostdev"
    cat >"$start" <<EOF
set -e
mount --bind '$tree/etc/ssh' /etc/ssh
for f in passwd group shadow; do mount --bind "$tree/etc/\$f" "/etc/\$f"; done
mount --bind '$tree/home' /home
mount --bind '$tree/root' /root
mkdir -p /run/sshd
mount --bind /dev '$dir/hostdev'
mount -t tmpfs -o mode=755 lle2edev /dev
for n in null zero full random urandom tty ptmx; do : >"/dev/\$n"; mount --bind "$dir/hostdev/\$n" "/dev/\$n"; done
mkdir /dev/pts && mount --bind '$dir/hostdev/pts' /dev/pts
ln -s /proc/self/fd /dev/fd
umount -l '$dir/hostdev'
'$(f2b_python)' '$here/syslogd.py' /dev/log '$authlog' '$SYSLOG_HOST' &
for i in \$(seq 100); do [ -S /dev/log ] && break; sleep 0.05; done
[ -S /dev/log ] || { echo 'syslogd.py did not bind /dev/log' >&2; exit 1; }
exec /usr/sbin/sshd -D -f /etc/ssh/sshd_config -o 'PidFile=$pidfile' -o LogLevel=VERBOSE
EOF
    sshd_launch "$start" "$pidfile" "$dir/sshd.stderr"
}

# --- fail2ban-server ------------------------------------------------------------------------------
# f2b_start CONFDIR DIR JAIL...: the real fail2ban-server in the foreground (-f, -x) in the server
# namespace, reading CONFDIR, with its socket, pid file and log in DIR. It runs in a private mount
# namespace with a tmpfs on /run, so the stock actions' /var/run/fail2ban files (the dummy action
# writes one) stay there; its iptables commands change only the server namespace's netfilter.
# Waits until every JAIL has logged "Jail 'JAIL' started" (fail2ban-server configures itself from
# a client thread; the socket answers before the jails exist). 0 ready, 1 the server exited,
# 2 not ready in time. It logs at level 9, one below DEBUG: the level at which fail2ban's
# Utils.executeCmd logs each action command once it has finished (`ID -- exec: COMMAND`), which
# is how the run knows a ban's netfilter change is in place (f2b_actions_ran).
f2b_start() {
    local confdir=$1 dir=$2
    shift 2
    local jails=("$@")
    rm -f "$dir/f2b.sock" "$dir/f2b.pid"
    : >"$dir/fail2ban.log"
    cat >"$dir/start-f2b.sh" <<EOF
set -e
mount -t tmpfs -o mode=755 lle2erun /run
mkdir -p /run/fail2ban
export PYTHONPATH='$F2B_ROOT/usr/lib/python3/dist-packages'
exec '$(f2b_python)' '$F2B_ROOT/usr/bin/fail2ban-server' -f -x -c '$confdir' \
    -s '$dir/f2b.sock' -p '$dir/f2b.pid' --logtarget '$dir/fail2ban.log' --loglevel 9
EOF
    setsid ip netns exec "$NS_S" unshare -m --propagation private bash "$dir/start-f2b.sh" \
        >"$dir/fail2ban.stderr" 2>&1 </dev/null &
    F2B_PID=$!
    local i j ready
    for ((i = 0; i < k_wait_f2b_s * 10; ++i)); do
        ready=1
        for j in "${jails[@]}"; do
            grep -q "Jail '$j' started" "$dir/fail2ban.log" || { ready=0; break; }
        done
        ((ready)) && [[ -S $dir/f2b.sock ]] && return 0
        kill -0 "$F2B_PID" 2>/dev/null || { wait "$F2B_PID" 2>/dev/null; F2B_PID=""; return 1; }
        sleep 0.1
    done
    log "  fail2ban-server did not start its jails within ${k_wait_f2b_s}s"
    return 2
}

# Stops the fail2ban-server process group (TERM: the server stops its jails and runs their
# actionstop; KILL after 5 s) and reaps it.
f2b_stop() {
    [[ -n $F2B_PID ]] || return 0
    kill -TERM -- "-$F2B_PID" 2>/dev/null
    local i
    for ((i = 0; i < 100; ++i)); do
        kill -0 "$F2B_PID" 2>/dev/null || break
        sleep 0.05
    done
    kill -KILL -- "-$F2B_PID" 2>/dev/null
    wait "$F2B_PID" 2>/dev/null
    F2B_PID=""
}

# f2b_jails_of DUMP: the jails `fail2ban-client -d` would add, in order (its `['add', 'NAME', ...]`
# lines).
f2b_jails_of() { sed -n "s/^\['add', '\([^']*\)', .*/\1/p" "$1"; }

# f2b_banned_all CONFDIR SOCK OUT: `fail2ban-client banned` (every jail's banned addresses,
# `[{'sshd': ['10.77.0.2', 'fd77::2']}, ...]`) into OUT.
f2b_banned_all() { f2b_client "$1" "$2" banned >"$3" 2>&1; }

# f2b_banned_in OUT ADDR: the jails that OUT (from f2b_banned_all) lists ADDR in, space-separated.
f2b_banned_in() {
    "$(f2b_python)" -c '
import ast, sys
text, addr = open(sys.argv[1]).read().strip(), sys.argv[2]
jails = [j for d in ast.literal_eval(text) for j, ips in d.items() if addr in ips]
print(" ".join(jails))' "$1" "$2"
}

# f2b_logged_bans LOG ADDR: the jails whose server log says "[JAIL] Ban ADDR" (cheap to poll;
# the final answer comes from fail2ban-client).
f2b_logged_bans() {
    local a=${2//./\\.}
    sed -n "s/.* NOTICE *\[\([^]]*\)\] Ban $a\$/\1/p" "$1" | sort -u | tr '\n' ' ' |
        sed 's/ $//'
}

# f2b_ignored_in LOG ADDR: the jails that logged "[JAIL] Ignore ADDR by ..." (fail2ban saw a
# failure from ADDR and its ignore list, ignoreself or ignorecommand covered it).
f2b_ignored_in() {
    local a=${2//./\\.}
    sed -n "s/.* INFO *\[\([^]]*\)\] Ignore $a by .*/\1/p" "$1" | sort -u | tr '\n' ' ' |
        sed 's/ $//'
}

# f2b_actions_ran LOG ADDR: how many action commands naming ADDR fail2ban has finished running.
# Utils.executeCmd logs `ID -- exec: COMMAND` (level 9) after the command returned (ERROR instead
# of level 9 when it failed); a command may span lines. The jail logs "[JAIL] Ban ADDR" before
# it runs its actions, so that line alone does not mean the ban is in place; the ban command of
# every action of 1.0.2 this suite uses (iptables-multiport, iptables-allports, iptables,
# nftables-multiport, nftables, dummy) names the address.
f2b_actions_ran() {
    awk -v a="$2" '
        function flush() {
            if (isexec && (" " buf " ") ~ ("[^0-9A-Za-z:.]" re "[^0-9A-Za-z:.]")) ++n
        }
        BEGIN { re = a; gsub(/\./, "[.]", re) }
        /^20[0-9][0-9]-[0-9][0-9]-[0-9][0-9] / { flush(); isexec = / -- exec: /; buf = $0; next }
        { buf = buf "\n" $0 }
        END { flush(); print n + 0 }' "$1"
}

# --- logins ---------------------------------------------------------------------------------------
# ssh_try SRC PORT USER OUT [KEY [BOUND]]: one login from the client namespace; prints ssh's exit
# status. With KEY (a key name from $KEYS) the login is the user's good key login running `true`;
# with KEY empty, no key at all (a failed login for an unknown user: sshd logs "Invalid user USER
# from SRC"). BOUND (seconds, default k_ssh_timeout_s) bounds the whole run: a ban that lands
# while a connection is open drops its packets, and ssh would wait for the server forever.
ssh_try() {
    local src=$1 port=$2 user=$3 out=$4 key=${5:-} bound=${6:-$k_ssh_timeout_s}
    local ids=(-o IdentitiesOnly=yes -o PubkeyAuthentication=no)
    [[ -n $key ]] && ids=(-o IdentitiesOnly=yes -i "$KEYS/$key")
    local b=$src
    SSH_AUTH_SOCK='' timeout "$bound" ip netns exec "$NS_C" \
        ssh -F /dev/null -o BatchMode=yes -o StrictHostKeyChecking=no \
        -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR -o ConnectTimeout=5 "${ids[@]}" \
        -b "$b" -p "$port" "$user@$(server_for "$src")" true </dev/null >"$out" 2>&1
    echo $?
}

# The server address a client source talks to (same family).
server_for() { [[ $1 == *:* ]] && echo "$k_srv6" || echo "$k_srv4"; }

# lifeline_f2b TREE USER SRC PORT OUT: lifeline's answer; sets LL_RC, LL_LAYER (the fail2ban
# layer's verdict), LL_VERDICT (the overall verdict), LL_RISK_BY (at_risk_by, comma-joined) and
# LL_REASON (the fail2ban layer's reason). PORT may be empty (lifeline takes sshd's).
lifeline_f2b() {
    local tree=$1 user=$2 src=$3 port=$4 out=$5 addr=$3
    [[ $src == *:* && -n $port ]] && addr="[$src]"
    timeout 30 "$LIFELINE" access "$user@$addr${port:+:$port}" --root "$tree" \
        --to "$(server_for "$src")" --format json >"$out" 2>"$out.stderr"
    LL_RC=$?
    local fields
    fields=$("$(f2b_python)" -c '
import json, sys
try:
    doc = json.load(open(sys.argv[1]))
except ValueError:
    print("no-json\x1fno-json\x1f\x1f"); sys.exit()
layer = next((l for l in doc.get("layers", []) if l.get("layer") == "fail2ban"), {})
print("\x1f".join([layer.get("verdict", "absent"), doc.get("verdict", "none"),
                   ",".join(doc.get("at_risk_by", [])), layer.get("reason", "")]))
' "$out")
    # Unit separators: empty fields stay empty (a TAB in IFS would merge them).
    IFS=$'\x1f' read -r LL_LAYER LL_VERDICT LL_RISK_BY LL_REASON <<<"$fields"
}
