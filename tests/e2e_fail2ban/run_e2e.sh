#!/usr/bin/env bash
# The fail2ban layer of `lifeline access` against the real fail2ban-server, the real sshd and the
# real kernel netfilter, in throw-away network namespaces (README.md).
#
# Usage: run_e2e.sh LIFELINE_BINARY PACKAGE_DIR
#   PACKAGE_DIR             where fail2ban 1.0.2 is unpacked (a build directory; kept between runs)
#   E2E_F2B_ONLY=REGEX      run only the cases whose name matches (extended regex)
#   E2E_F2B_KEEP=1          keep the scratch directory (trees, logs, JSON) for inspection
#   LIFELINE_F2B_DEB=FILE   a local fail2ban_1.0.2-*_all.deb instead of apt-get download
#   CI=...                  a missing tool, privilege or package fails instead of skipping
# Exit: 0 every comparison agreed, 1 a mismatch or a harness failure, 77 skipped.
set -u -o pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=lib.sh
source "$here/lib.sh"

LIFELINE=${1:-}
PKG_DIR=${2:-}
started=$SECONDS

skip() {
    if [[ -n ${CI:-} ]]; then
        die "cannot run on CI: $* (CI must provide root, openssh-server, openssh-client, iproute2, iptables, nftables, python3 and the fail2ban 1.0.2 package)"
    fi
    echo "fail2ban e2e: SKIPPED: $*"
    exit 77
}

[[ -n $LIFELINE && -x $LIFELINE && -n $PKG_DIR ]] ||
    die "usage: run_e2e.sh LIFELINE_BINARY PACKAGE_DIR (got '${LIFELINE}' '${PKG_DIR}')"
[[ $(id -u) -eq 0 ]] || skip "needs root (network and mount namespaces, netfilter)"
for tool in ip unshare setsid timeout ssh ssh-keygen mount dpkg-deb iptables ip6tables nft; do
    command -v "$tool" >/dev/null || skip "missing tool: $tool"
done
[[ -x /usr/sbin/sshd ]] || skip "missing /usr/sbin/sshd (openssh-server)"
[[ -n $(f2b_python) ]] || skip "missing python3"
f2b_unpack "$PKG_DIR"
case $? in
    0) ;;
    2) skip "the fail2ban $k_f2b_version package is not available (set LIFELINE_F2B_DEB to a local .deb)" ;;
    *) die "cannot unpack the fail2ban package into $PKG_DIR" ;;
esac
# The ban actions run `iptables`/`ip6tables`/`nft` from PATH inside the server namespace.
log "fail2ban e2e: fail2ban $(<"$PKG_DIR/VERSION") from $F2B_ROOT, $(f2b_python)," \
    "$(command -v iptables) = $(iptables --version 2>&1)"

WORK=$(mktemp -d /tmp/lifeline-e2e-f2b.XXXXXX) || die "mktemp failed"
HOSTKEY_DIR=/etc/ssh
if ! compgen -G '/etc/ssh/ssh_host_*_key' >/dev/null; then
    mkdir -p "$WORK/hostkeys/etc/ssh"
    ssh-keygen -A -f "$WORK/hostkeys" >/dev/null || die "cannot generate host keys"
    HOSTKEY_DIR=$WORK/hostkeys/etc/ssh
fi

cleanup() {
    f2b_stop
    sshd_stop
    net_down
    if [[ -n ${E2E_F2B_KEEP:-} ]]; then
        echo "fail2ban e2e: scratch kept in $WORK"
    else
        rm -rf "$WORK"
    fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

KEYS=$WORK/keys
mkdir -p "$KEYS"
for k in root alice bob carol dave erin svc; do
    ssh-keygen -q -t ed25519 -N '' -C "$k@e2e" -f "$KEYS/$k" || die "ssh-keygen failed"
done

# --- accounting -----------------------------------------------------------------------------------
n_cases=0 n_checks=0 n_compared=0
mismatches=() expect_failures=() harness_failures=()
report=$WORK/details.txt
: >"$report"

# --- case vocabulary (cases.sh) -------------------------------------------------------------------
# begin NAME DESCRIPTION   a fresh tree: the access suite's users and keys, sshd_config with the
#                          base lines, and the package's own /etc/fail2ban (Debian's jail.conf and
#                          jail.d/defaults-debian.conf, which enables [sshd]).
# conf (stdin)             the tree's sshd_config (base lines + this text)
# jail_local (stdin)       etc/fail2ban/jail.local
# f2b_file REL (stdin)     any file under etc/fail2ban (e.g. jail.d/ours.local)
# jails NAME...            the jails the author expects fail2ban to run (checked against
#                          `fail2ban-client -d`)
# check SRC PORT EXPECT [noport]
#                          after failed logins from SRC, a good login from SRC to PORT: EXPECT is
#                          what the author expects fail2ban to do (bannable | ignored |
#                          not-applicable); lifeline's fail2ban layer must agree with the real
#                          outcome. `noport` asks lifeline without a port (it takes sshd's).
# server_refuses           the author expects fail2ban-server to reject the configuration while
#                          configuring itself and exit (fail2ban-client -d still accepts it)
# finish                   runs the case
CASE="" CASE_DESC="" CASE_DIR="" TREE="" CASE_JAILS=() CHECKS=() CASE_REFUSED=0

begin() {
    CASE=$1 CASE_DESC=$2 CASE_JAILS=() CHECKS=() CASE_REFUSED=0
    CASE_DIR=$WORK/cases/$CASE
    TREE=$CASE_DIR/tree
    rm -rf "$CASE_DIR"
    mkdir -p "$CASE_DIR"
    tree_new "$TREE"
    printf '%s' "$k_base_conf" >"$TREE/etc/ssh/sshd_config"
    cp -a "$F2B_ROOT/etc/fail2ban" "$TREE/etc/fail2ban"
}
jail_local() { cat >"$TREE/etc/fail2ban/jail.local"; }
f2b_file() { mkdir -p "$(dirname "$TREE/etc/fail2ban/$1")" && cat >"$TREE/etc/fail2ban/$1"; }
jails() { CASE_JAILS=("$@"); }
check() { CHECKS+=("$*"); }
server_refuses() { CASE_REFUSED=1; }

# The harness's own settings, in the file fail2ban reads last (jail.d/*.local): where this case's
# sshd logs and how to read it (Debian's default `auto` backend would also end up polling here;
# `polling` says so), and short counts. None of them is something lifeline's verdict rests on;
# lifeline reads this file like any other.
write_harness_conf() {
    f2b_file jail.d/zz-e2e-harness.local <<EOF
# Written by tests/e2e_fail2ban/run_e2e.sh: this case's sshd logs through syslog into this file.
[DEFAULT]
sshd_log = $CASE_DIR/auth.log
sshd_backend = polling
maxretry = 2
findtime = 10m
bantime = 10m
EOF
    # The server's database would go to /var/lib/fail2ban.
    f2b_file fail2ban.local <<'EOF'
[Definition]
dbfile = :memory:
EOF
}

# Appends one failure block to the report.
detail() {
    local kind=$1 what=$2 src=$3 base=$4
    {
        echo "=== $kind: $what"
        echo "--- case: $CASE_DESC"
        echo "--- sshd_config:"
        sed 's/^/    /' "$TREE/etc/ssh/sshd_config"
        local f
        for f in "$TREE"/etc/fail2ban/jail.local "$TREE"/etc/fail2ban/jail.d/*; do
            [[ -f $f ]] || continue
            echo "--- ${f#"$TREE"}:"
            sed 's/^/    /' "$f"
        done
        echo "--- fail2ban-client -d (enabled jails, ignore lists, actions):"
        grep -E "^\['add'|addignoreip|'addaction'|'enabled'" "$CASE_DIR/f2b-dump.txt" |
            sed 's/^/    /'
        echo "--- lifeline access --format json:"
        sed 's/^/    /' "$base.json"
        if [[ -s $base.json.stderr ]]; then
            echo "--- lifeline's stderr:"
            sed 's/^/    /' "$base.json.stderr"
        fi
        echo "--- fail2ban-server log lines about $src:"
        grep -F -e " $src" -e "ERROR" -e "WARNING" "$CASE_DIR/fail2ban.log" | sed 's/^/    /'
        echo "--- sshd (syslog) lines about $src:"
        grep -F " $src " "$CASE_DIR/auth.log" | sed 's/^/    /'
        echo "--- good login after the failures:"
        sed 's/^/    /' "$base.after"
        echo "--- the server namespace's netfilter after the failures (iptables-save, nft):"
        sed 's/^/    /' "$CASE_DIR/iptables.txt" "$CASE_DIR/nft.txt"
    } >>"$report"
}

# all_banned SRC: true when the server log shows a ban of SRC by every jail of the case.
all_banned() {
    local banned j
    banned=" $(f2b_logged_bans "$CASE_DIR/fail2ban.log" "$1") "
    for j in "${real_jails[@]}"; do [[ $banned == *" $j "* ]] || return 1; done
}

# Runs the current case.
finish() {
    if [[ -n ${E2E_F2B_ONLY:-} && ! $CASE =~ $E2E_F2B_ONLY ]]; then return 0; fi
    n_cases=$((n_cases + 1))
    log "case $CASE: $CASE_DESC"
    write_harness_conf
    local confdir=$TREE/etc/fail2ban authlog=$CASE_DIR/auth.log
    : >"$authlog"

    # What the real client reads from the tree: the jails it would start and their settings.
    PYTHONPATH=$F2B_ROOT/usr/lib/python3/dist-packages timeout 60 "$(f2b_python)" \
        "$F2B_ROOT/usr/bin/fail2ban-client" -c "$confdir" -d >"$CASE_DIR/f2b-dump.txt" \
        2>"$CASE_DIR/f2b-dump.stderr"
    local dump_rc=$? real_jails=()
    mapfile -t real_jails < <(f2b_jails_of "$CASE_DIR/f2b-dump.txt")
    if ((dump_rc != 0)); then
        harness_failures+=("$CASE: fail2ban-client -d refuses the configuration: $(tail -n 1 "$CASE_DIR/f2b-dump.stderr")")
        return 0
    fi
    if [[ "${real_jails[*]}" != "${CASE_JAILS[*]}" ]]; then
        expect_failures+=("$CASE: fail2ban runs jails '${real_jails[*]}', the case expects '${CASE_JAILS[*]}'")
    fi
    local maxretry
    maxretry=$(sed -n "s/^\['set', '[^']*', 'maxretry', \([0-9]*\)\]$/\1/p" "$CASE_DIR/f2b-dump.txt" |
        sort -n | tail -n 1)
    local failures=${maxretry:-5}

    # lifeline first: it reads the tree only.
    local n=${#CHECKS[@]} i
    local srcs=() ports=() expects=() ll_layers=() ll_verdicts=() ll_rcs=() ll_risks=() ll_reasons=()
    for ((i = 0; i < n; ++i)); do
        # shellcheck disable=SC2086
        set -- ${CHECKS[i]}
        srcs+=("$1") ports+=("$2") expects+=("$3")
        local qport=$2
        [[ ${4:-} == noport ]] && qport=""
        lifeline_f2b "$TREE" alice "$1" "$qport" "$CASE_DIR/check$i.json"
        ll_layers+=("$LL_LAYER") ll_verdicts+=("$LL_VERDICT") ll_rcs+=("$LL_RC")
        ll_risks+=("$LL_RISK_BY") ll_reasons+=("$LL_REASON")
    done

    net_up "$$x$n_cases" || { harness_failures+=("$CASE: cannot create the network namespaces"); net_down; return 0; }
    sshd_start_syslog "$TREE" "$CASE_DIR" "$authlog"
    local rc=$?
    if ((rc != 0)); then
        harness_failures+=("$CASE: sshd did not start: $(tail -n 2 "$CASE_DIR/sshd.stderr")")
        net_down
        return 0
    fi
    f2b_start "$confdir" "$CASE_DIR" "${real_jails[@]}"
    rc=$?
    local f2b_up=1
    if ((CASE_REFUSED)); then
        if ((rc == 1)); then
            f2b_up=0
            log "  fail2ban-server exited while configuring, as the case expects: $(grep -m 1 -o 'ERROR .*NOK: .*' "$CASE_DIR/fail2ban.log")"
        else
            expect_failures+=("$CASE: the case expects fail2ban-server to reject the configuration and exit, but it did not (f2b_start $rc)")
        fi
    fi
    if ((f2b_up && rc != 0)); then
        harness_failures+=("$CASE: fail2ban-server did not start its jails: $(grep -h -E 'ERROR' "$CASE_DIR/fail2ban.log" "$CASE_DIR/fail2ban.stderr" | head -n 3 | cut -c 1-300)")
        f2b_stop
        sshd_stop
        net_down
        return 0
    fi

    # Good logins before any failure: each must work, or the case proves nothing.
    local befores=()
    for ((i = 0; i < n; ++i)); do
        befores+=("$(ssh_try "${srcs[i]}" "${ports[i]}" alice "$CASE_DIR/check$i.before" alice)")
    done
    # maxretry failed logins from every source (sshd: "Invalid user nosuch from SRC"): fail2ban
    # bans once a source has maxretry failures within findtime (failmanager.py: `getRetry() >=
    # maxRetry`). One more would only race the ban: a ban that lands while a connection is open
    # drops its packets and the login waits out its bound.
    local uniq=() s j
    for s in "${srcs[@]}"; do [[ " ${uniq[*]} " == *" $s "* ]] || uniq+=("$s"); done
    # Once every jail has banned a source, more failures add nothing.
    for s in "${uniq[@]}"; do
        for ((j = 0; j < failures; ++j)); do
            all_banned "$s" && break
            ssh_try "$s" "${ports[0]}" "$k_bad_user" "$CASE_DIR/fail-$s-$j.ssh" "" \
                "$k_fail_bound_s" >/dev/null
        done
    done
    # sshd must have logged the failures fail2ban is meant to count (maxretry of them: the loop
    # above stops early only once every jail banned the source).
    local seen
    for s in "${uniq[@]}"; do
        seen=$(grep -c -F "Invalid user $k_bad_user from $s port " "$authlog")
        ((seen >= ${maxretry:-5})) ||
            harness_failures+=("$CASE: sshd logged $seen failed logins from $s, fewer than maxretry ${maxretry:-5}")
    done
    # Every jail must have decided about every source: banned it (and finished running its ban
    # actions: the jail logs the ban before it runs them), or logged that it ignores it. A jail
    # that ignored a source ignores every failure from it (the ignore list is fixed).
    local deadline=$((SECONDS + k_wait_verdict_s)) pending
    while ((f2b_up)); do
        pending=""
        for s in "${uniq[@]}"; do
            local banned ignored nbans=0 ran
            banned=" $(f2b_logged_bans "$CASE_DIR/fail2ban.log" "$s") "
            ignored=" $(f2b_ignored_in "$CASE_DIR/fail2ban.log" "$s") "
            for j in "${real_jails[@]}"; do
                [[ $banned == *" $j "* ]] && nbans=$((nbans + 1))
                [[ $banned == *" $j "* || $ignored == *" $j "* ]] || pending+=" $j/$s"
            done
            # Every case's jails have one action each: one finished ban command per ban.
            if ((nbans > 0)); then
                ran=$(f2b_actions_ran "$CASE_DIR/fail2ban.log" "$s")
                ((ran >= nbans)) || pending+=" actions($s: $ran of $nbans)"
            fi
        done
        [[ -z $pending ]] && break
        if ((SECONDS >= deadline)); then
            harness_failures+=("$CASE: within ${k_wait_verdict_s}s fail2ban neither banned nor ignored:$pending")
            break
        fi
        sleep 0.2
    done
    local bans=() ignores=() afters=()
    if ((f2b_up)); then
        f2b_banned_all "$confdir" "$CASE_DIR/f2b.sock" "$CASE_DIR/f2b-banned.txt" ||
            harness_failures+=("$CASE: fail2ban-client banned failed: $(head -c 300 "$CASE_DIR/f2b-banned.txt")")
    else
        echo '[]' >"$CASE_DIR/f2b-banned.txt"  # no server: no jail, no ban
    fi
    for ((i = 0; i < n; ++i)); do
        bans+=("$(f2b_banned_in "$CASE_DIR/f2b-banned.txt" "${srcs[i]}" 2>/dev/null)")
        ignores+=("$(f2b_ignored_in "$CASE_DIR/fail2ban.log" "${srcs[i]}")")
        afters+=("$(ssh_try "${srcs[i]}" "${ports[i]}" alice "$CASE_DIR/check$i.after" alice)")
    done
    ip netns exec "$NS_S" iptables-save >"$CASE_DIR/iptables.txt" 2>&1
    ip netns exec "$NS_S" nft list ruleset >"$CASE_DIR/nft.txt" 2>&1
    f2b_stop
    sshd_stop
    net_down

    for ((i = 0; i < n; ++i)); do
        judge "$i" "${srcs[i]}" "${ports[i]}" "${expects[i]}" "${befores[i]}" "${afters[i]}" \
            "${bans[i]}" "${ignores[i]}" "${ll_layers[i]}" "${ll_verdicts[i]}" "${ll_rcs[i]}" \
            "${ll_risks[i]}" "${ll_reasons[i]}"
    done
}

# What really happened to one (source, port), and whether lifeline said so.
judge() {
    local i=$1 src=$2 port=$3 expect=$4 before=$5 after=$6 banned_in=$7 ignored_in=$8
    local ll=$9 ll_verdict=${10} ll_rc=${11} ll_risk=${12} ll_reason=${13}
    local tag="$CASE #$((i + 1)) alice@$src -> :$port" base=$CASE_DIR/check$i
    n_checks=$((n_checks + 1))
    # The real verdict. A good login that worked before the failures and fails after them was
    # banned from that port (fail2ban must list the source). One that still works was either
    # ignored (a jail logged "Ignore SRC") or not hit by any ban that reaches the port.
    local real
    if [[ $before != 0 ]]; then
        real="error"
        harness_failures+=("$tag: the good login fails before any failed login (ssh exit $before): $(head -n 1 "$base.before")")
    elif [[ $after != 0 ]]; then
        real=bannable
        # A ban refuses (REJECT) or drops the connection; any later failure has another cause.
        if [[ -z $banned_in ]]; then
            real="error"
            harness_failures+=("$tag: the good login fails after the failures, but fail2ban lists no ban: $(head -n 1 "$base.after")")
        elif [[ $after != 124 ]] &&
            ! grep -q -E 'connect to host .*: (Connection refused|Connection timed out)' "$base.after"; then
            real="error"
            harness_failures+=("$tag: the good login fails after the ban, but not at connect: $(head -n 1 "$base.after")")
        fi
    elif [[ -n $ignored_in ]]; then
        real=ignored
    else
        real=not-applicable
    fi
    # lifeline's overall verdict must match too: at-risk (exit 1, at_risk_by fail2ban) exactly
    # when the login works until the failures, allowed (exit 0) when it keeps working.
    local want_overall=allowed want_rc=0
    [[ $real == bannable ]] && want_overall=at-risk want_rc=1
    local mark=ok
    if [[ $real == error ]]; then
        mark=ERROR
    elif [[ $ll != "$real" ]]; then
        mark=MISMATCH
        local errline=""
        [[ -s $base.json.stderr ]] && errline=" (lifeline's stderr: $(head -n 1 "$base.json.stderr" | cut -c 1-200))"
        mismatches+=("$tag: lifeline's fail2ban layer says $ll, the real fail2ban: $real$errline")
        detail "MISMATCH lifeline=$ll real=$real" "$tag" "$src" "$base"
    elif [[ $ll_verdict != "$want_overall" || $ll_rc != "$want_rc" ]] ||
        [[ $want_overall == at-risk && ",$ll_risk," != *",fail2ban,"* ]]; then
        mark=MISMATCH
        mismatches+=("$tag: lifeline's overall verdict $ll_verdict (exit $ll_rc, at_risk_by '$ll_risk'), expected $want_overall (exit $want_rc)")
        detail "MISMATCH overall=$ll_verdict expected=$want_overall" "$tag" "$src" "$base"
    else
        n_compared=$((n_compared + 1))
    fi
    if [[ $real != error && $expect != "$real" ]]; then
        expect_failures+=("$tag: the case expects $expect, the real fail2ban: $real")
        [[ $mark == MISMATCH ]] || detail "EXPECTATION real=$real expected=$expect" "$tag" "$src" "$base"
        mark="$mark+EXPECT"
    fi
    printf '  %-10s %-36s lifeline=%-14s real=%-14s banned-in=%-12s ignored-in=%-10s ssh=%s/%s | %s\n' \
        "[$mark]" "#$((i + 1)) $src -> :$port" "$ll" "$real" "${banned_in:--}" "${ignored_in:--}" \
        "$before" "$after" "$ll_reason"
}

# shellcheck source=cases.sh
source "$here/cases.sh"

elapsed=$((SECONDS - started))
echo
for m in "${mismatches[@]}"; do echo "MISMATCH: $m"; done
for m in "${expect_failures[@]}"; do echo "HARNESS EXPECTATION FAILED: $m"; done
for m in "${harness_failures[@]}"; do echo "HARNESS ERROR: $m"; done
if [[ -s $report ]]; then
    echo
    echo "----- details -----"
    cat "$report"
fi
echo "fail2ban e2e: $n_cases cases, $n_checks checks, $n_compared agreed, ${#mismatches[@]} mismatches," \
    "${#expect_failures[@]} expectation failures, ${#harness_failures[@]} harness errors (${elapsed}s)"
if ((n_cases == 0)); then
    echo "fail2ban e2e: no case ran" >&2
    exit 1
fi
((${#mismatches[@]} + ${#expect_failures[@]} + ${#harness_failures[@]} == 0))
