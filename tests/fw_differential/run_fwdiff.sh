#!/usr/bin/env bash
# lifeline's firewall verdict against the real kernel, in throw-away network namespaces (README.md).
#
# Usage: run_fwdiff.sh LIFELINE FW_PROBE FW_GEN
#   FWDIFF_ONLY=REGEX        run only the cases whose name matches (extended regex)
#   FWDIFF_KEEP=1            keep the scratch directory (trees, loads, live rulesets, JSON)
#   FWDIFF_ORACLE_ONLY=1     do not ask lifeline: check the kernel against the case expectations
#                            and the generator's mix only (the oracle half of the suite)
#   FWDIFF_GEN_CASES=N       generated cases (default 100); FWDIFF_SEED=S their seed (default 1)
#   FWDIFF_CASES=DIR         hand-written cases directory (default: cases/ next to this script)
#   FWDIFF_TIMEOUT_MS=MS     one probe's connect timeout (default 400)
#   CI=...                   a missing tool or privilege fails instead of skipping
# Exit: 0 everything agreed, 1 a mismatch, an expectation failure or a harness error, 77 skipped.
set -u -o pipefail

FWDIFF_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=lib.sh
source "$FWDIFF_DIR/lib.sh"
# shellcheck source=judge.sh
source "$FWDIFF_DIR/judge.sh"

LIFELINE=${1:-} FW_PROBE=${2:-} FW_GEN=${3:-}
started=$SECONDS
oracle_only=${FWDIFF_ORACLE_ONLY:-}
gen_cases=${FWDIFF_GEN_CASES:-100}
seed=${FWDIFF_SEED:-1}
cases_dir=${FWDIFF_CASES:-$FWDIFF_DIR/cases}

skip() {
    if [[ -n ${CI:-} ]]; then
        die "cannot run on CI: $* (CI must provide root, iproute2, iptables, nftables, ipset, ufw)"
    fi
    echo "fw differential: SKIPPED: $*"
    exit 77
}

[[ -x $LIFELINE && -x $FW_PROBE && -x $FW_GEN ]] ||
    die "usage: run_fwdiff.sh LIFELINE FW_PROBE FW_GEN (got '$LIFELINE' '$FW_PROBE' '$FW_GEN')"
[[ $(id -u) -eq 0 ]] || skip "needs root (network and mount namespaces)"
for tool in ip unshare timeout mount sysctl nft ipset iptables-nft-restore ip6tables-nft-restore \
    iptables-legacy-restore ip6tables-legacy-restore; do
    command -v "$tool" >/dev/null || skip "missing tool: $tool"
done
[[ -x /lib/ufw/ufw-init && -d /usr/share/ufw/iptables ]] || skip "missing ufw (/lib/ufw/ufw-init)"

WORK=$(mktemp -d /tmp/lifeline-fwdiff.XXXXXX) || die "mktemp failed"
LL_PID=""  # the background lifeline queries of the current case
cleanup() {
    [[ -n $LL_PID ]] && kill "$LL_PID" 2>/dev/null && wait "$LL_PID" 2>/dev/null
    listen_stop
    net_down
    if [[ -n ${FWDIFF_KEEP:-} ]]; then
        echo "fw differential: scratch kept in $WORK"
    else
        rm -rf "$WORK"
    fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Generated cases: same format as the hand-written ones, expectations left to the kernel.
if ((gen_cases > 0)); then
    "$FW_GEN" --seed "$seed" --cases "$gen_cases" --out "$WORK/gen" >"$WORK/gen.log" 2>&1 ||
        die "fw_gen failed: $(tail -n 3 "$WORK/gen.log")"
fi

# --- one case ---------------------------------------------------------------------------------------
# parse_case DIR: reads DIR/probes into the CASE_* globals and PROBES (README.md, "Case format").
parse_case() {
    local dir=$1 line words why
    CASE=${dir##*/} CASE_SRC=$dir CASE_DESC="" CASE_SERIAL=0 CASE_STOCK_UFW=0
    CASE_LISTEN=() CASE_EDITS=() CASE_LOADS=() PROBES=() PROBE_WHY=()
    while IFS= read -r line || [[ -n $line ]]; do
        [[ $line =~ ^[[:space:]]*(#|$) ]] && continue
        if [[ $line =~ ^edit[[:space:]]+([^[:space:]]+)[[:space:]]+(.*)$ ]]; then
            CASE_EDITS+=("${BASH_REMATCH[1]}" "${BASH_REMATCH[2]}")
            continue
        fi
        why=""
        [[ $line == *'#'* ]] && why=${line#*#} && why=${why# }
        line=${line%%#*}
        read -r -a words <<<"$line"
        case ${words[0]} in
            desc) CASE_DESC=${line#*desc } ;;
            serial) CASE_SERIAL=1 ;;
            stock-ufw) CASE_STOCK_UFW=1 ;;
            listen) CASE_LISTEN+=("${words[@]:1}") ;;
            load) CASE_LOADS+=("${words[@]:1}") ;;
            4 | 6) PROBES+=("${words[*]}") PROBE_WHY+=("$why") ;;
            *) harness_failures+=("$CASE: cannot read line: $line") ;;
        esac
    done <"$dir/probes"
}

# prepare_tree OUT: the scratch tree lifeline and the kernel both read.
prepare_tree() {
    local out=$1 i
    mkdir -p "$out/tree"
    [[ -d $CASE_SRC/tree ]] && cp -a "$CASE_SRC/tree/." "$out/tree/"
    ((CASE_STOCK_UFW)) && stock_ufw "$out/tree"
    for ((i = 0; i < ${#CASE_EDITS[@]}; i += 2)); do
        sed -i -e "${CASE_EDITS[i + 1]}" "$out/tree/${CASE_EDITS[i]}" ||
            harness_failures+=("$CASE: edit of ${CASE_EDITS[i]} failed")
    done
}

# run_case DIR GENERATED: the whole round for one case, then the judgement.
run_case() {
    local dir=$1 generated=$2
    parse_case "$dir"
    if [[ -n ${FWDIFF_ONLY:-} && ! $CASE =~ $FWDIFF_ONLY ]]; then return 0; fi
    n_cases=$((n_cases + 1))
    ((generated)) && n_gen_cases=$((n_gen_cases + 1))
    local out=$WORK/run/$CASE
    mkdir -p "$out"
    prepare_tree "$out"
    sandbox_build "$out/tree" "$out/sb" ||
        harness_failures+=("$CASE: etc/alternatives/ip(6)tables must point at /usr/sbin/ip(6)tables-legacy or -nft")
    log "case $CASE: $CASE_DESC"

    local i ports=("${CASE_LISTEN[@]}") p
    : >"$out/probes.in"
    for ((i = 0; i < ${#PROBES[@]}; ++i)); do
        read -r -a p <<<"${PROBES[i]}"
        echo "${p[1]} ${p[2]} ${p[3]}" >>"$out/probes.in"
        ports+=("${p[3]}")
    done
    mapfile -t ports < <(printf '%s\n' "${ports[@]}" | sort -un)

    # lifeline does not need the kernel: ask it while the namespaces do their work.
    if [[ -z $oracle_only ]]; then
        ask_lifeline "$out" &
        LL_PID=$!
    fi
    net_up "$$-$n_cases" || { harness_failures+=("$CASE: cannot create the namespaces"); net_down; return; }
    load_rules "$out/sb" "$out" ||
        harness_failures+=("$CASE: loading the rules failed or timed out: $(tail -n 2 "$out/load.log")")
    if listen_start "$out" "${ports[@]}"; then
        probe_all "$out/probes.in" "$out/probes.out" "$CASE_SERIAL" ||
            harness_failures+=("$CASE: fw_probe batch failed: $(tail -n 2 "$out/probes.out")")
    else
        harness_failures+=("$CASE: listener not ready: $(tail -n 2 "$out/listen.out")")
        : >"$out/probes.out"
    fi
    listen_stop
    net_down
    [[ -n $LL_PID ]] && wait "$LL_PID"
    LL_PID=""
    judge_case "$out" "$generated"
}

# ask_lifeline OUT: lifeline's firewall layer for every probe of the current case.
ask_lifeline() {
    local out=$1 i p
    for ((i = 0; i < ${#PROBES[@]}; ++i)); do
        read -r -a p <<<"${PROBES[i]}"
        lifeline_verdict "$out/tree" "${p[0]}" "${p[1]}" "${p[2]}" "${p[3]}" "$out/p$i"
    done
}

# --- all cases ------------------------------------------------------------------------------------
judge_init
for d in "$cases_dir"/*/; do
    [[ -f $d/probes ]] && run_case "${d%/}" 0
done
if ((gen_cases > 0)); then
    for d in "$WORK"/gen/*/; do
        [[ -f $d/probes ]] && run_case "${d%/}" 1
    done
fi
judge_summary $((SECONDS - started))
