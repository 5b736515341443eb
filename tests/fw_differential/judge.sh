# shellcheck shell=bash disable=SC2034
# Judgement of the firewall differential suite: kernel result vs the case author's expectation,
# lifeline's firewall verdict vs the kernel, the load exit statuses, the summary. Sourced by
# run_fwdiff.sh; reads the CASE_* globals and PROBES of the case just run.

k_details_max=${FWDIFF_DETAILS:-25}  # detail blocks printed (every mismatch is listed anyway)

judge_init() {
    n_cases=0 n_gen_cases=0 n_probes=0 n_compared=0 n_kernel_only=0 n_unknown_ok=0
    n_load_unknown=0 n_gen_probes=0 n_details=0 n_gen_load_fail=0 detailed_case=""
    declare -gA kernel_count=([connected]=0 [refused]=0 [timeout]=0 [error]=0)
    declare -gA gen_count=([connected]=0 [refused]=0 [timeout]=0 [error]=0)
    mismatches=() expect_failures=() harness_failures=()
    report=$WORK/details.txt
    : >"$report"
}

# What a client-side result says about the firewall (README.md, "What the kernel result means").
kernel_verdict() {
    case $1 in
        connected) echo accept ;; refused) echo reject ;; timeout) echo drop ;; *) echo error ;;
    esac
}

# The address families a load decides (README.md, "Failed loads"). ufw-init is not one of them:
# it carries on after a failing user.rules, from a state it flushed itself.
load_families() {
    case $1 in
        rules.v4) echo 4 ;; rules.v6) echo 6 ;; ipset | nftables) echo 4 6 ;; *) echo "" ;;
    esac
}

# judge_loads OUT GENERATED: each load's exit status against the case's `load NAME=EXIT` lines
# (0 when not named); prints the loads line. Fills load_failed (family -> why): the families a
# failing load leaves unknown to lifeline — from the case's `load` lines for hand-written cases
# (the probes must say expect-unknown), from the exit statuses for generated ones.
judge_loads() {
    local out=$1 generated=$2 name rc want spec fam shown=() failed=0
    declare -A expected=()
    declare -gA load_failed=()
    for spec in "${CASE_LOADS[@]}"; do
        expected[${spec%%=*}]=${spec#*=}
        if ((!generated)) && [[ ${spec#*=} != 0 ]]; then
            for fam in $(load_families "${spec%%=*}"); do
                load_failed[$fam]+="${load_failed[$fam]:+, }${spec%%=*} fails (exit ${spec#*=})"
            done
        fi
    done
    while read -r name rc; do
        shown+=("$name=$rc")
        want=${expected[$name]:-0}
        unset "expected[$name]"
        if ((generated)); then
            [[ $rc == 0 ]] && continue
            failed=1
            for fam in $(load_families "$name"); do
                load_failed[$fam]+="${load_failed[$fam]:+, }$name failed (exit $rc)"
            done
        elif [[ $rc != "$want" ]]; then
            expect_failures+=("$CASE: load $name exited $rc, the case expects $want ($(tail -n 1 "$out/load-$name.log"))")
        fi
    done <"$out/loads"
    ((failed)) && n_gen_load_fail=$((n_gen_load_fail + 1))
    for name in "${!expected[@]}"; do
        expect_failures+=("$CASE: the case expects load $name=${expected[$name]}, but it did not run")
    done
    log "  loads: ${shown[*]:-(none)}; backends: $(sed 's/^/v/' "$out/sb/backends" 2>/dev/null | tr '\n' ' ')"
}

# judge_backends OUT: the tools the loads and ufw-init called resolved (through the sandbox's
# /etc/alternatives) to the backend the tree selects for their family.
judge_backends() {
    local out=$1 fam backend tool resolved
    while read -r fam backend; do
        [[ $backend == invalid ]] && continue  # sandbox_build already reported it
        local master=iptables
        [[ $fam == 6 ]] && master=ip6tables
        for tool in "$master" "$master-restore" "$master-save"; do
            resolved=$(sed -n "s|^$tool ||p" "$out/resolved" 2>/dev/null)
            [[ $resolved == "/usr/sbin/xtables-$backend-multi" ]] ||
                harness_failures+=("$CASE: $tool resolved to '${resolved:-?}', the tree selects $backend")
        done
    done <"$out/sb/backends"
}

# judge_case OUT GENERATED: every probe of the current case.
# redirect_address_unknown LAYER: lifeline's unknown comes from a destination-address term met
# after a nat redirect (its trace shows the redirect, its reason the address term).
redirect_address_unknown() {
    grep -q '^trace .*redirected to port' "$1" &&
        grep -Eq '^reason cannot be decided for this packet class: (-d|ip6? daddr)' "$1"
}

judge_case() {
    local out=$1 generated=$2 i
    judge_loads "$out" "$generated"
    judge_backends "$out"
    local results=()
    mapfile -t results <"$out/probes.out"
    for ((i = 0; i < ${#PROBES[@]}; ++i)); do
        judge_probe "$out" "$generated" "$i" "${results[i]:-error no-result}"
    done
}

judge_probe() {
    local out=$1 generated=$2 i=$3 result=$4
    local p flags expect="" unknown_ok=0 kernel_only=0 must_unknown=0 f
    read -r -a p <<<"${PROBES[i]}"
    for f in "${p[@]:4}"; do
        case $f in
            expect=*) expect=${f#expect=} ;; unknown-ok) unknown_ok=1 ;; kernel-only) kernel_only=1 ;;
            expect-unknown) must_unknown=1 ;;
            *) harness_failures+=("$CASE #$((i + 1)): unknown probe flag '$f'") ;;
        esac
    done
    if ((unknown_ok || kernel_only || must_unknown)) && [[ -z ${PROBE_WHY[i]} ]]; then
        harness_failures+=("$CASE #$((i + 1)): unknown-ok, kernel-only and expect-unknown need a reason (# why)")
    fi
    if ((must_unknown && (unknown_ok || kernel_only))); then
        harness_failures+=("$CASE #$((i + 1)): expect-unknown excludes unknown-ok and kernel-only")
    fi
    # A failed load of the probe's family: lifeline answers unknown by design.
    local failed=${load_failed[${p[0]}]:-}
    if ((generated)); then
        [[ -n $failed ]] && must_unknown=1
    elif [[ -n $failed ]] && ((!must_unknown)); then
        harness_failures+=("$CASE #$((i + 1)): $failed: the probe must say expect-unknown")
    elif [[ -z $failed ]] && ((must_unknown)); then
        harness_failures+=("$CASE #$((i + 1)): expect-unknown, but no load of IPv${p[0]} is expected to fail")
    fi
    local kres=${result%% *} kdetail=${result#* }
    local kv
    kv=$(kernel_verdict "$kres")
    local tag="$CASE #$((i + 1)) ${p[0]} ${p[1]} -> ${p[2]}:${p[3]}"
    n_probes=$((n_probes + 1))
    kernel_count[$kres]=$((${kernel_count[$kres]:-0} + 1))
    if ((generated)); then
        n_gen_probes=$((n_gen_probes + 1))
        gen_count[$kres]=$((${gen_count[$kres]:-0} + 1))
    fi
    local mark="ok" lv="-" base=$out/p$i
    if [[ $kv == error ]]; then
        harness_failures+=("$tag: the probe did not run: $result")
        mark="ERROR"
    elif [[ -n $oracle_only ]]; then
        mark="kernel"
    elif ((kernel_only)); then
        n_kernel_only=$((n_kernel_only + 1))
        lv=$(sed -n 's/^verdict //p' "$base.layer" 2>/dev/null | head -n 1)
        mark="kernel-only"
    else
        lv=$(sed -n 's/^verdict //p' "$base.layer" 2>/dev/null | head -n 1)
        lv=${lv:-missing}
        n_compared=$((n_compared + 1))
        if ((must_unknown)); then
            if [[ $lv == unknown ]]; then
                mark="unknown-load"
                n_load_unknown=$((n_load_unknown + 1))
            else
                mark="MISMATCH"
                mismatches+=("$tag: $failed, lifeline must answer unknown, it says $lv (kernel $kv)")
                detail "MISMATCH kernel=$kv lifeline=$lv (expected unknown: $failed)" "$tag" "$out" "$i" "$result"
            fi
        elif [[ $lv == "$kv" ]]; then
            mark="ok"
        elif [[ $lv == unknown ]] && ((unknown_ok)); then
            mark="unknown-ok"
            n_unknown_ok=$((n_unknown_ok + 1))
        elif [[ $lv == unknown ]] && ((generated)) && redirect_address_unknown "$base.layer"; then
            # A nat redirect also rewrites the destination to the incoming interface's primary
            # address, which no file names: a later destination-address rule is undecidable.
            mark="unknown-redirect"
            n_unknown_ok=$((n_unknown_ok + 1))
        else
            mark="MISMATCH"
            local trace
            trace=$(sed -n 's/^trace //p' "$base.layer" 2>/dev/null | tail -n 1)
            mismatches+=("$tag: kernel $kv ($kres $kdetail), lifeline $lv${trace:+ | deciding step: $trace}")
            detail "MISMATCH kernel=$kv lifeline=$lv" "$tag" "$out" "$i" "$result"
        fi
    fi
    if [[ -n $expect && $expect != kernel && $expect != "$kv" && $kv != error ]]; then
        expect_failures+=("$tag: kernel $kv ($kres $kdetail), the case expects $expect")
        [[ $mark == MISMATCH ]] ||
            detail "EXPECTATION kernel=$kv expected=$expect" "$tag" "$out" "$i" "$result"
        mark="$mark+EXPECT"
    fi
    local why=${PROBE_WHY[i]}
    ((generated)) && [[ -n $failed ]] && why=$failed
    [[ -z $why && $lv != - ]] && why=$(sed -n 's/^reason //p' "$base.layer" 2>/dev/null | head -n 1)
    printf '  %-17s #%-2d %s %-15s -> %-10s :%-5s kernel=%-6s %-22s lifeline=%-7s | %s\n' \
        "[$mark]" "$((i + 1))" "${p[0]}" "${p[1]}" "${p[2]}" "${p[3]}" "$kv" "($kres $kdetail)" \
        "$lv" "$why"
}

# Appends one detail block (capped at k_details_max); the case's files, load logs and live
# ruleset only with the case's first block.
detail() {
    local kind=$1 tag=$2 out=$3 i=$4 result=$5 f
    n_details=$((n_details + 1))
    ((n_details <= k_details_max)) || return 0
    {
        echo "=== $kind: $tag"
        echo "--- probe: ${PROBES[i]}   # ${PROBE_WHY[i]}"
        echo "--- kernel: $result"
        echo "--- lifeline's firewall layer (exit $(cat "$out/p$i.rc" 2>/dev/null)):"
        sed 's/^/    /' "$out/p$i.layer" 2>/dev/null
        [[ -s $out/p$i.stderr ]] && sed 's/^/    stderr: /' "$out/p$i.stderr"
        if [[ $detailed_case != "$CASE" ]]; then
            echo "--- case $CASE: $CASE_DESC"
            echo "--- loads: $(tr '\n' ' ' <"$out/loads")"
            echo "--- the case's files:"
            while IFS= read -r f; do
                if [[ -L $f ]]; then
                    echo "    ## ${f#"$out"/tree} -> $(readlink "$f")"
                    continue
                fi
                echo "    ## ${f#"$out"/tree}"
                sed 's/^/    /' "$f"
            done < <(find "$CASE_SRC/tree" \( -type f -o -type l \) 2>/dev/null | sort |
                sed "s|^$CASE_SRC/tree|$out/tree|")
            for f in "$out"/load-*.log; do
                [[ -s $f ]] && { echo "--- ${f##*/}:"; sed 's/^/    /' "$f"; }
            done
            echo "--- live ruleset after the loads (nft list ruleset):"
            sed 's/^/    /' "$out/live.nft" 2>/dev/null
            [[ -f $out/live.legacy ]] && { echo "--- legacy tables:"; sed 's/^/    /' "$out/live.legacy"; }
        fi
    } >>"$report"
    detailed_case=$CASE
}

# judge_summary SECONDS: the lists, the details, the generator self-check, the summary line.
judge_summary() {
    local elapsed=$1 m
    local pc pt pr
    if ((n_gen_probes >= 50)); then
        pc=$((100 * gen_count[connected] / n_gen_probes))
        pt=$((100 * gen_count[timeout] / n_gen_probes))
        pr=$((100 * gen_count[refused] / n_gen_probes))
        if ((pc < 15 || pt < 15)); then
            harness_failures+=("generator mix: $pc% connected, $pt% timeout (each must be >= 15%)")
        fi
        if ((n_gen_load_fail * 10 > n_gen_cases)); then
            harness_failures+=("generator: $n_gen_load_fail of $n_gen_cases generated cases failed to load (> 10%)")
        fi
    fi
    echo
    for m in "${mismatches[@]}"; do echo "MISMATCH: $m"; done
    for m in "${expect_failures[@]}"; do echo "KERNEL DISAGREES WITH THE CASE: $m"; done
    for m in "${harness_failures[@]}"; do echo "HARNESS ERROR: $m"; done
    if [[ -s $report ]]; then
        echo
        echo "----- details (first $k_details_max of $n_details) -----"
        cat "$report"
    fi
    echo "fw differential: $n_cases cases ($((n_cases - n_gen_cases)) hand-written, $n_gen_cases generated)," \
        "$n_probes probes ($n_compared compared with lifeline, $n_kernel_only kernel-only)," \
        "${#mismatches[@]} mismatches, $n_load_unknown unknown after a failed load," \
        "$n_unknown_ok tolerated unknowns (unknown-ok)," \
        "${#expect_failures[@]} expectation failures, ${#harness_failures[@]} harness errors"
    echo "fw differential: kernel results: ${kernel_count[connected]} connected," \
        "${kernel_count[refused]} refused, ${kernel_count[timeout]} timeout;" \
        "generated probes: $n_gen_probes (${pc:-?}% connected, ${pr:-?}% refused, ${pt:-?}% timeout," \
        "$n_gen_load_fail failed loads); ${elapsed}s${oracle_only:+ (oracle only: lifeline not asked)}"
    if ((n_cases == 0)); then
        echo "fw differential: no case ran" >&2
        return 1
    fi
    ((${#mismatches[@]} + ${#expect_failures[@]} + ${#harness_failures[@]} == 0))
}
