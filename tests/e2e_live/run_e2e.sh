#!/usr/bin/env bash
# `lifeline lint --live` against the real thing (README.md): per case, a throw-away network
# namespace and a private mount namespace in which the real iptables-nft, iptables-legacy and nft
# load rules, the real sshd and fail2ban-server 1.0.2 run, and lifeline reads that "host".
#
# Usage: run_e2e.sh LIFELINE_BINARY PACKAGE_DIR
#   PACKAGE_DIR            where fail2ban 1.0.2 is unpacked (a build directory; kept between runs)
#   E2E_LIVE_ONLY=REGEX    run only the cases whose name matches (extended regex)
#   E2E_LIVE_KEEP=1        keep the scratch directory (files, logs, JSON) for inspection
#   LIFELINE_F2B_DEB=FILE  a local fail2ban_1.0.2-*_all.deb instead of apt-get download
#   CI=...                 a missing tool, privilege or package fails instead of skipping
# Exit: 0 every case agreed, 1 a mismatch or a harness failure, 77 skipped.
set -u -o pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# f2b_unpack and f2b_python (the package, unpacked into the build tree, never installed).
# shellcheck source=../e2e_fail2ban/lib.sh
source "$here/../e2e_fail2ban/lib.sh"
log() { printf '%s\n' "$*"; }
die() { printf 'live e2e: %s\n' "$*" >&2; exit 1; }

LIFELINE=${1:-}
PKG_DIR=${2:-}
started=$SECONDS
k_case_timeout_s=60  # one case, namespaces, daemons and lint included
k_wait_sshd_s=5      # sshd must have written its pid file (it listens) within this
k_wait_f2b_s=30      # fail2ban-server must have started its jails within this

skip() {
    [[ -n ${CI:-} ]] && die "cannot run on CI: $* (CI must provide root, openssh-server, iproute2, iptables, nftables, python3 and the fail2ban 1.0.2 package)"
    echo "live e2e: SKIPPED: $*"
    exit 77
}

[[ -n $LIFELINE && -x $LIFELINE && -n $PKG_DIR ]] ||
    die "usage: run_e2e.sh LIFELINE_BINARY PACKAGE_DIR (got '${LIFELINE}' '${PKG_DIR}')"
LIFELINE=$(cd "$(dirname "$LIFELINE")" && pwd)/$(basename "$LIFELINE")
[[ $(id -u) -eq 0 ]] || skip "needs root (network and mount namespaces, netfilter, lint --live)"
for tool in ip ss unshare setsid timeout mount dpkg-deb iptables-nft-restore iptables-legacy \
    ip6tables-nft-restore nft; do
    command -v "$tool" >/dev/null || skip "missing tool: $tool"
done
[[ -x /usr/sbin/sshd ]] || skip "missing /usr/sbin/sshd (openssh-server)"
grep -qw overlay /proc/filesystems || skip "the kernel has no overlayfs"
[[ -n $(f2b_python) ]] || skip "missing python3"
f2b_unpack "$PKG_DIR"
case $? in
    0) ;;
    2) skip "the fail2ban $k_f2b_version package is not available (set LIFELINE_F2B_DEB to a local .deb)" ;;
    *) die "cannot unpack the fail2ban package into $PKG_DIR" ;;
esac

WORK=$(mktemp -d /tmp/lifeline-e2e-live.XXXXXX) || die "mktemp failed"
CASE_PID=""  # the running case (process group leader), or ""
cleanup() {
    if [[ -n $CASE_PID ]]; then
        kill -TERM -- "-$CASE_PID" 2>/dev/null
        sleep 0.5
        kill -KILL -- "-$CASE_PID" 2>/dev/null
        wait "$CASE_PID" 2>/dev/null
    fi
    if [[ -n ${E2E_LIVE_KEEP:-} ]]; then echo "live e2e: scratch kept in $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# The live-only rules: the ones compared. Every other finding is the files' (other suites).
LIVE_RULES=$("$LIFELINE" rules --format json | "$(f2b_python)" -c '
import json, sys
print(" ".join(r["id"] for r in json.load(sys.stdin) if r.get("live_only")))') ||
    die "lifeline rules --format json failed"
[[ -n $LIVE_RULES ]] || die "lifeline lists no live-only rule"
log "live e2e: live-only rules: $LIVE_RULES; fail2ban $(<"$PKG_DIR/VERSION"); $(iptables --version)"

n_cases=0 failures=()
COVERED=" "

# --- case vocabulary (cases.sh) -------------------------------------------------------------------
# begin NAME DESCRIPTION  a fresh case: this host's /etc seen through an overlay; the case's files
#                         replace or add to it. /etc/nftables.conf is removed (the case gives one
#                         when it wants one) and /etc/ssh/sshd_config is `Port 22` + UsePAM yes.
# file PATH (stdin)       a file of the case's /etc (PATH absolute, under /etc)
# fail2ban_conf           /etc/fail2ban = the package's own, plus a jail.local: [sshd] enabled,
#                         polling this case's (empty) auth log, iptables-multiport bans, no database;
#                         `fail2ban-client` is installed (a wrapper in /usr/local/bin).
# setup (stdin)           shell run in the namespaces first: load rules with the real tools
# sshd_stopped            do not start the real sshd (by default it runs on the case's
#                         sshd_config, started before `after`)
# fail2ban_running        start the real fail2ban-server on /etc/fail2ban (before `after`)
# after (stdin)           shell run once the daemons run: changes by hand, bans
# derive (stdin)          shell run just before lint, reading the real tools: it checks the
#                         situation the case is about (`fail MESSAGE` when the tools disagree) and
#                         states each live finding lifeline must report, from what the tools
#                         printed: `expect ID SEVERITY PATH LINE MESSAGE`
# access USER@CIDR        a --access login for lint
# finish                  runs the case: lifeline's live-only findings must equal the expected ones
CASE="" CASE_DESC="" D="" CASE_SSHD=1 CASE_F2B=0 CASE_F2B_CONF=0 CASE_ACCESS=()

begin() {
    CASE=$1 CASE_DESC=$2 CASE_SSHD=1 CASE_F2B=0 CASE_F2B_CONF=0 CASE_ACCESS=()
    D=$WORK/$CASE
    mkdir -p "$D/tree/etc/ssh"
    : >"$D/setup.sh"
    : >"$D/after.sh"
    : >"$D/derive.sh"
    printf 'Port 22\nUsePAM yes\nKbdInteractiveAuthentication no\n' >"$D/tree/etc/ssh/sshd_config"
}
file() { mkdir -p "$(dirname "$D/tree$1")" && cat >"$D/tree$1"; }
fail2ban_conf() {
    CASE_F2B_CONF=1
    cp -a "$F2B_ROOT/etc/fail2ban" "$D/tree/etc/fail2ban"
    : >"$D/auth.log"
    file /etc/fail2ban/jail.local <<EOF
[DEFAULT]
backend = polling
banaction = iptables-multiport
[sshd]
enabled = true
logpath = $D/auth.log
EOF
    printf '[Definition]\ndbfile = :memory:\n' | file /etc/fail2ban/fail2ban.local
}
setup() { cat >>"$D/setup.sh"; }
after() { cat >>"$D/after.sh"; }
derive() { cat >>"$D/derive.sh"; }
sshd_stopped() { CASE_SSHD=0; }
fail2ban_running() { CASE_F2B=1; }
access() { CASE_ACCESS+=(--access "$1"); }

# The script that runs inside the namespaces: mounts, rules, daemons, derive, lint, evidence.
write_inner() {
    cat >"$D/inner.sh" <<EOF
set -u
D='$D' LIFELINE='$LIFELINE' F2B_ROOT='$F2B_ROOT' PY='$(f2b_python)'
SSHD=$CASE_SSHD F2B=$CASE_F2B F2B_CONF=$CASE_F2B_CONF
K_WAIT_SSHD=$k_wait_sshd_s K_WAIT_F2B=$k_wait_f2b_s
EOF
    cat >>"$D/inner.sh" <<'EOF'
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin LC_ALL=C
pids=()
fail() { printf '%s\n' "$*" >>"$D/harness-errors"; }
# expect ID SEVERITY PATH LINE MESSAGE; LINE 0 = the whole output, which lifeline places on line 1.
expect() {
    local line=$4
    ((line > 0)) || line=1
    printf '%s\t%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$line" "$5" >>"$D/expected.tsv"
}
# line_of FILE REGEX: the number of FILE's first line matching REGEX (grep -E); 0 and a failure
# when none does.
line_of() {
    local n
    n=$(grep -n -m 1 -E -- "$2" "$1" | cut -d: -f1)
    [[ -n $n ]] || fail "no line of $1 matches '$2'"
    echo "${n:-0}"
}
# last_line FILE: FILE's last non-empty line without trailing blanks (how lifeline quotes a
# failed command's stderr; it would shorten a line over 200 bytes).
last_line() { sed -e 's/[ \r]*$//' "$1" | grep -v '^$' | tail -n 1; }
stop() {
    local p
    for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null; done
    for p in "${pids[@]}"; do
        for _ in $(seq 50); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
        kill -KILL "$p" 2>/dev/null
        wait "$p" 2>/dev/null
    done
}
trap stop EXIT
: >"$D/expected.tsv"
# Private: /run (sshd's privsep dir, fail2ban's socket), /etc through an overlay whose upper
# layer is this case's directory, /usr/local/bin likewise. All vanish with the namespace.
mount -t tmpfs -o mode=755 lle2e-live-run /run && mkdir -p /run/sshd /run/fail2ban || exit 3
mkdir -p "$D/etc.up" "$D/etc.wk" "$D/bin.up" "$D/bin.wk"
mount -t overlay lle2e-live-etc -o "lowerdir=/etc,upperdir=$D/etc.up,workdir=$D/etc.wk" /etc || exit 3
mount -t overlay lle2e-live-bin -o "lowerdir=/usr/local/bin,upperdir=$D/bin.up,workdir=$D/bin.wk" \
    /usr/local/bin || exit 3
rm -f /etc/nftables.conf
rm -rf /etc/ssh/sshd_config.d
cp -a "$D/tree/etc/." /etc/ || exit 3
if ((F2B_CONF)); then
    printf '#!/bin/sh\nPYTHONPATH=%s/usr/lib/python3/dist-packages exec %s %s/usr/bin/fail2ban-client "$@"\n' \
        "$F2B_ROOT" "$PY" "$F2B_ROOT" >/usr/local/bin/fail2ban-client
    chmod 755 /usr/local/bin/fail2ban-client
fi
ip link set lo up || exit 3
source "$D/setup.sh"
if ((SSHD)); then
    /usr/sbin/sshd -D -f /etc/ssh/sshd_config -o PidFile=/run/e2e-sshd.pid 2>"$D/sshd.stderr" &
    pids+=($!)
    for _ in $(seq $((K_WAIT_SSHD * 20))); do [[ -s /run/e2e-sshd.pid ]] && break; sleep 0.05; done
    [[ -s /run/e2e-sshd.pid ]] || { fail "sshd did not start: $(tail -n 1 "$D/sshd.stderr")"; exit 3; }
fi
if ((F2B)); then
    PYTHONPATH=$F2B_ROOT/usr/lib/python3/dist-packages "$PY" "$F2B_ROOT/usr/bin/fail2ban-server" \
        -f -x -c /etc/fail2ban --logtarget "$D/fail2ban.log" >"$D/fail2ban.stderr" 2>&1 &
    pids+=($!)
    for _ in $(seq $((K_WAIT_F2B * 10))); do
        grep -q "Jail 'sshd' started" "$D/fail2ban.log" 2>/dev/null && [[ -S /run/fail2ban/fail2ban.sock ]] && break
        sleep 0.1
    done
    grep -q "Jail 'sshd' started" "$D/fail2ban.log" 2>/dev/null ||
        { fail "fail2ban-server did not start jail sshd: $(tail -n 2 "$D/fail2ban.log" "$D/fail2ban.stderr" 2>&1 | tr '\n' ' ')"; exit 3; }
fi
source "$D/after.sh"
source "$D/derive.sh"
timeout 60 "$LIFELINE" lint --live --root / --format json "$@" >"$D/lint.json" 2>"$D/lint.stderr"
echo $? >"$D/lint.rc"
# What the real tools showed, for the report.
{ echo "## iptables-save"; iptables-save; echo "## ip6tables-save"; ip6tables-save
  echo "## nft -a list ruleset"; nft -a list ruleset; echo "## ss -tlnpH"; ss -tlnpH
  echo "## fail2ban-client banned"; ((F2B_CONF)) && timeout 20 fail2ban-client banned; } >"$D/evidence.txt" 2>&1
exit 0
EOF
}

finish() {
    if [[ -n ${E2E_LIVE_ONLY:-} && ! $CASE =~ $E2E_LIVE_ONLY ]]; then return 0; fi
    n_cases=$((n_cases + 1))
    log "case $CASE: $CASE_DESC"
    write_inner
    local t0=$SECONDS
    setsid timeout -k 5 "$k_case_timeout_s" unshare -n -m --propagation private \
        bash "$D/inner.sh" "${CASE_ACCESS[@]}" >"$D/inner.out" 2>&1 </dev/null &
    CASE_PID=$!
    wait "$CASE_PID"
    local rc=$?
    CASE_PID=""
    if [[ -s $D/harness-errors ]]; then
        while IFS= read -r m; do failures+=("$CASE: harness: $m"); done <"$D/harness-errors"
        return 0
    fi
    if ((rc != 0)) || [[ ! -s $D/lint.rc ]]; then
        failures+=("$CASE: the case script failed (exit $rc): $(tail -n 3 "$D/inner.out" | tr '\n' ' ')")
        return 0
    fi
    local lint_rc
    lint_rc=$(<"$D/lint.rc")
    # lifeline's live-only findings, in the form `expect` writes them.
    if ! "$(f2b_python)" - "$D/lint.json" "$LIVE_RULES" >"$D/actual.tsv" 2>"$D/actual.err" <<'PY'; then
import json, sys
doc = json.load(open(sys.argv[1]))
live = set(sys.argv[2].split())
for d in doc["diagnostics"]:
    if d["rule"] in live:
        print("\t".join([d["rule"], d["severity"], d["path"], str(d["line"]), d["message"]]))
PY
        failures+=("$CASE: lint --live printed no JSON (exit $lint_rc): $(head -c 300 "$D/lint.stderr")")
        return 0
    fi
    sort -o "$D/actual.tsv" "$D/actual.tsv"
    sort -o "$D/expected.tsv" "$D/expected.tsv"
    local id
    while IFS=$'\t' read -r id _; do COVERED+="$id "; done <"$D/expected.tsv"
    if ! cmp -s "$D/expected.tsv" "$D/actual.tsv"; then
        failures+=("$CASE: lifeline's live findings differ from what the real tools show:
$(diff -u --label expected --label lifeline "$D/expected.tsv" "$D/actual.tsv" | tail -n +3 | sed 's/^/    /')
    lint stderr: $(head -c 300 "$D/lint.stderr")")
    fi
    # A warning or error must fail the run (exit 1); a usage or read error (2) never may.
    if ((lint_rc != 0 && lint_rc != 1)); then
        failures+=("$CASE: lint --live exited $lint_rc: $(head -c 300 "$D/lint.stderr")")
    elif grep -qP '\t(warning|error)\t' "$D/expected.tsv" && ((lint_rc != 1)); then
        failures+=("$CASE: lint --live exited $lint_rc although it must report a warning or error")
    fi
    log "  $(wc -l <"$D/expected.tsv") live finding(s) expected, $(wc -l <"$D/actual.tsv") reported, exit $lint_rc ($((SECONDS - t0))s)"
}

# shellcheck source=cases.sh
source "$here/cases.sh"

# Every live-only rule must have been expected by some case (the cases cover them all).
if [[ -z ${E2E_LIVE_ONLY:-} ]]; then
    for id in $LIVE_RULES; do
        [[ $COVERED == *" $id "* ]] || failures+=("no case expects live-only rule $id")
    done
fi
echo
for m in "${failures[@]}"; do echo "FAIL: $m"; done
echo "live e2e: $n_cases cases, ${#failures[@]} failures ($((SECONDS - started))s)"
((n_cases > 0)) || { echo "live e2e: no case ran" >&2; exit 1; }
((${#failures[@]} == 0))
