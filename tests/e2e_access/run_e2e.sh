#!/usr/bin/env bash
# shellcheck disable=SC2012  # ls -ln output is for people reading a failure report
# `lifeline access` against real logins to the real sshd, in throw-away network namespaces.
#
# Usage: run_e2e.sh LIFELINE_BINARY
#   E2E_ACCESS_ONLY=REGEX   run only the cases whose name matches (extended regex)
#   E2E_ACCESS_KEEP=1       keep the scratch directory (trees, logs, JSON) for inspection
#   E2E_ACCESS_XFAIL=1      mismatches in cases marked `bug` (known lifeline bugs) do not fail;
#                           such a case whose logins all agree fails instead (remove its mark)
#   CI=...                  a missing tool or privilege fails instead of skipping
# Exit: 0 every comparison agreed, 1 a mismatch or a harness failure, 77 skipped.
set -u -o pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=lib.sh
source "$here/lib.sh"

LIFELINE=${1:-}
started=$SECONDS

skip() {
    if [[ -n ${CI:-} ]]; then
        die "cannot run on CI: $* (CI must provide root, openssh-server, openssh-client, iproute2)"
    fi
    echo "access e2e: SKIPPED: $*"
    exit 77
}

[[ -n $LIFELINE && -x $LIFELINE ]] || die "usage: run_e2e.sh LIFELINE_BINARY (got '${LIFELINE}')"
[[ $(id -u) -eq 0 ]] || skip "needs root (network and mount namespaces)"
for tool in ip unshare setsid timeout ssh ssh-keygen mount; do
    command -v "$tool" >/dev/null || skip "missing tool: $tool"
done
[[ -x /usr/sbin/sshd ]] || skip "missing /usr/sbin/sshd (openssh-server)"

# Host keys for the trees: the machine's own, or fresh ones when it has none.
WORK=$(mktemp -d /tmp/lifeline-e2e-access.XXXXXX) || die "mktemp failed"
HOSTKEY_DIR=/etc/ssh
if ! compgen -G '/etc/ssh/ssh_host_*_key' >/dev/null; then
    mkdir -p "$WORK/hostkeys/etc/ssh"
    ssh-keygen -A -f "$WORK/hostkeys" >/dev/null || die "cannot generate host keys"
    HOSTKEY_DIR=$WORK/hostkeys/etc/ssh
fi

cleanup() {
    sshd_stop
    net_down
    if [[ -n ${E2E_ACCESS_KEEP:-} ]]; then
        echo "access e2e: scratch kept in $WORK"
    else
        rm -rf "$WORK"
    fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

net_up "$$" || die "cannot create the network namespaces"

KEYS=$WORK/keys
mkdir -p "$KEYS"
for k in root alice bob bob2 carol dave erin svc; do
    ssh-keygen -q -t ed25519 -N '' -C "$k@e2e" -f "$KEYS/$k" || die "ssh-keygen failed"
done

# --- accounting -----------------------------------------------------------------------------------
n_cases=0 n_logins=0 n_compared=0 n_unknown=0
mismatches=() xfails=() xpasses=() unknowns=() expect_failures=() harness_failures=()
report=$WORK/mismatches.txt
: >"$report"

# Appends one mismatch / failure block to the report.
detail() {
    local kind=$1 what=$2 base=$3 user=$4
    local home
    home=$(home_of "$user")
    {
        echo "=== $kind: $what"
        echo "--- case: $CASE_DESC"
        [[ -n $CASE_BUG ]] && echo "--- KNOWN LIFELINE BUG: $CASE_BUG"
        echo "--- sshd_config:"
        sed 's/^/    /' "$TREE/etc/ssh/sshd_config"
        echo "--- tree: $user in etc/passwd, etc/shadow; $home and $home/.ssh (numeric owners):"
        grep -h "^$user:" "$TREE/etc/passwd" "$TREE/etc/shadow" | sed 's/^/    /'
        ls -lnd "$TREE$home" "$TREE$home/.ssh" 2>&1 | sed 's/^/    /'
        ls -ln "$TREE$home/.ssh" 2>&1 | sed 's/^/    /'
        echo "--- lifeline access --format json:"
        sed 's/^/    /' "$base.json"
        echo "--- sshd log for this login:"
        sed 's/^/    /' "$base.sshd"
        echo "--- ssh client output:"
        sed 's/^/    /' "$base.ssh"
    } >>"$report"
}

# Runs the current case: the real sshd, every queued login both ways, then the judgement.
finish() {
    if [[ -n ${E2E_ACCESS_ONLY:-} && ! $CASE =~ $E2E_ACCESS_ONLY ]]; then return 0; fi
    n_cases=$((n_cases + 1))
    log "case $CASE: $CASE_DESC${CASE_BUG:+  [KNOWN LIFELINE BUG: $CASE_BUG]}"
    fw_load "$TREE" "$CASE_DIR" ||
        harness_failures+=("$CASE: loading the firewall failed: $(tail -n 2 "$CASE_DIR/firewall.log")")
    sshd_start "$TREE" "$CASE_DIR"
    local started_rc=$?
    if ((started_rc == 2)); then
        harness_failures+=("$CASE: sshd neither listened nor exited")
    elif ((started_rc == 1)); then
        log "  sshd refused to start: $(grep -v '^$' "$CASE_DIR/sshd.log" | tail -n 1)"
    fi
    case_mismatches=0
    local n=${#LOGINS[@]} i offsets=() real_rcs=() ll_rcs=() ll_verdicts=()
    for ((i = 0; i < n; ++i)); do
        # shellcheck disable=SC2086
        set -- ${LOGINS[i]}
        local user=$1 src=$2 dst=$3 port=$4
        shift 5
        local keys=("$@") k named=0
        local only=()  # `=LAYER` names the layer that must deny; it is not a key
        for k in "${keys[@]}"; do [[ $k == =* ]] || only+=("$k"); done
        keys=("${only[@]}")
        for k in "${keys[@]}"; do [[ $k == +* ]] || named=1; done
        ((named)) || keys+=("$user")  # no key named: the user's own
        offsets+=("$(stat -c %s "$CASE_DIR/sshd.log")")
        real_login "$user" "$src" "$dst" "$port" "$CASE_DIR/login$i.ssh" "${keys[@]}"
        real_rcs+=("$REAL_RC")
        lifeline_login "$TREE" "$user" "$src" "$dst" "$port" "$CASE_DIR/login$i.json"
        ll_rcs+=("$LL_RC")
        ll_verdicts+=("$LL_VERDICT")
        # Let sshd's children log the end of this connection before the next one starts.
        sleep 0.05
    done
    sshd_stop
    fw_clear || harness_failures+=("$CASE: cannot flush the server's firewall")
    offsets+=("$(stat -c %s "$CASE_DIR/sshd.log")")
    for ((i = 0; i < n; ++i)); do
        tail -c "+$((offsets[i] + 1))" "$CASE_DIR/sshd.log" |
            head -c "$((offsets[i + 1] - offsets[i]))" >"$CASE_DIR/login$i.sshd"
        judge "$i" "${real_rcs[i]}" "${ll_rcs[i]}" "${ll_verdicts[i]}" "$started_rc"
    done
    if [[ -n $CASE_BUG && -n ${E2E_ACCESS_XFAIL:-} && $case_mismatches == 0 ]]; then
        xpasses+=("$CASE: marked as a lifeline bug, but every login agrees: remove its bug mark")
    fi
}

# Compares login I of the current case and prints its line.
judge() {
    local i=$1 real_rc=$2 ll_rc=$3 ll_verdict=$4 started_rc=$5
    # shellcheck disable=SC2086
    set -- ${LOGINS[i]}
    local user=$1 src=$2 dst=$3 port=$4 expect=$5 want_layer="" k
    for k in "${@:6}"; do [[ $k == =* ]] && want_layer=${k#=}; done
    local tag="$CASE #$((i + 1)) $user@$src -> $dst:$port"
    local base=$CASE_DIR/login$i
    n_logins=$((n_logins + 1))
    local real=denied
    ((real_rc == 0)) && real=allowed
    local ll
    case $ll_rc in 0) ll=allowed ;; 1) ll=denied ;; 2) ll=unknown ;; *) ll="exit$ll_rc" ;; esac
    local why sshd_why
    why=$(sed -n 's/^      "reason": "\(.*\)",$/\1/p' "$base.json" | head -n 1)
    sshd_why=$(grep -E 'Accepted publickey|not allowed|refused|REFUSED|bad ownership|Could not|No Auth|disabled method|fatal|error|Cannot|expired|change' \
        "$base.sshd" | head -n 1)
    [[ -z $sshd_why ]] && sshd_why=$(grep -v -e '^$' -e '^Connection from' "$base.sshd" | head -n 1)
    [[ -z $sshd_why && $started_rc == 1 ]] && sshd_why="(no sshd: it refused its configuration)"
    [[ $real_rc != 0 && $real_rc != 255 ]] &&
        sshd_why="$sshd_why; session: $(grep -v 'Permanently added' "$base.ssh" | head -n 1)"

    local mark
    if [[ $ll == unknown ]]; then
        n_unknown=$((n_unknown + 1))
        unknowns+=("$tag: $why")
        mark="UNKNOWN"
        detail "UNKNOWN in a decidable case" "$tag" "$base" "$user"
    elif [[ $ll != allowed && $ll != denied ]] || [[ $ll_verdict != "$ll" ]]; then
        harness_failures+=("$tag: lifeline exit $ll_rc, JSON verdict '$ll_verdict'")
        mark="ERROR"
        detail "lifeline failed" "$tag" "$base" "$user"
    else
        n_compared=$((n_compared + 1))
        local by
        by=$(sed -n 's/^  "denied_by": "\([a-z0-9]*\)",\{0,1\}$/\1/p' "$base.json")
        if [[ $ll == "$real" && -n $want_layer && $ll == denied && $by != "$want_layer" ]]; then
            # Right verdict for the wrong reason: the case names the layer that must deny.
            mark="MISMATCH"
            case_mismatches=$((case_mismatches + 1))
            mismatches+=("$tag: denied by '$by', the case expects the $want_layer layer")
            detail "MISMATCH denied_by=$by expected=$want_layer" "$tag" "$base" "$user"
        elif [[ $ll == "$real" ]]; then
            mark="ok"
        else
            mark="MISMATCH"
            case_mismatches=$((case_mismatches + 1))
            if [[ -n $CASE_BUG && -n ${E2E_ACCESS_XFAIL:-} ]]; then
                xfails+=("$tag: lifeline $ll, real login $real [known lifeline bug]")
            else
                mismatches+=("$tag: lifeline $ll, real login $real${CASE_BUG:+ [known lifeline bug]}")
            fi
            detail "MISMATCH lifeline=$ll real=$real" "$tag" "$base" "$user"
        fi
    fi
    # The case author's expectation checks the harness: if the real sshd disagrees with it,
    # the environment (or the author) is wrong, and the comparison proves less than it claims.
    if [[ $expect != "$real" ]]; then
        expect_failures+=("$tag: case expects $expect, real login $real")
        [[ $mark == MISMATCH ]] ||
            detail "EXPECTATION real=$real expected=$expect" "$tag" "$base" "$user"
        mark="$mark+EXPECT"
    fi
    printf '  %-10s %-40s lifeline=%-7s real=%-7s ssh=%-3s | %s | %s\n' "[$mark]" \
        "#$((i + 1)) $user@$src -> $dst:$port" "$ll" "$real" "$real_rc" "$why" "$sshd_why"
}

# shellcheck source=cases.sh
source "$here/cases.sh"

elapsed=$((SECONDS - started))
echo
for m in "${mismatches[@]}"; do echo "MISMATCH: $m"; done
for m in "${xfails[@]}"; do echo "MISMATCH (expected: E2E_ACCESS_XFAIL): $m"; done
for m in "${xpasses[@]}"; do echo "UNEXPECTED AGREEMENT: $m"; done
for m in "${unknowns[@]}"; do echo "UNKNOWN (case is decidable): $m"; done
for m in "${expect_failures[@]}"; do echo "HARNESS EXPECTATION FAILED: $m"; done
for m in "${harness_failures[@]}"; do echo "HARNESS ERROR: $m"; done
if [[ -s $report ]]; then
    echo
    echo "----- details -----"
    cat "$report"
fi
echo "access e2e: $n_cases cases, $n_compared logins compared, ${#mismatches[@]} mismatches" \
    "($n_logins logins, $n_unknown unknown, ${#expect_failures[@]} expectation failures," \
    "${#harness_failures[@]} harness errors${E2E_ACCESS_XFAIL:+, ${#xfails[@]} known-bug mismatches tolerated}," \
    "${elapsed}s)"
if ((n_cases == 0)); then
    echo "access e2e: no case ran" >&2
    exit 1
fi
total_fail=$((${#mismatches[@]} + ${#xpasses[@]} + n_unknown + ${#expect_failures[@]} + ${#harness_failures[@]}))
((total_fail == 0))
