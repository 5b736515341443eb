#!/usr/bin/env bash
# The full partition of the source addresses that can open a new connection to port 22 (`lifeline
# dump firewall -C addr=0.0.0.0/0,lport=22`, which splits the whole IPv4 space at every rule edge
# and evaluates one witness per part), and a full `lint`, on each real-world ruleset of the shared
# collection (iptables-save and nft files; others are skipped). Best of 3 wall times and the peak
# RSS per file, as a Markdown table on stdout. The peer, the verified fffuu tool, is not packaged
# for Debian: its figure (about 70 s per port on the largest file) comes from
# ../shared/reference/landscape.md.
#
# Usage: bench/rulesets.sh LIFELINE [RULESETS_DIR]
#   RULESETS_DIR defaults to the shared collection next to the repository; when it is absent the
#   script says so and exits 0 (users who clone the project do not have it).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
lifeline=${1:?usage: rulesets.sh LIFELINE [RULESETS_DIR]}
dir=${2:-$here/../../shared/data/rulesets}
if [[ ! -d $dir ]]; then
    echo "rulesets: $dir not found: skipping the real-world rulesets (shared data not present)" >&2
    exit 0
fi
work=$(mktemp -d /tmp/lifeline-rulesets-XXXXXX)
trap 'rm -rf "$work"' EXIT

# best_of_3 CMD...: "SECONDS MIB" of the fastest of three runs (wall time from bash's
# EPOCHREALTIME, peak RSS from GNU time; exit status ignored: lint exits 1 on findings, dump
# firewall 1 when a ruleset does not load).
best_of_3() {
    local best="" kib=0 t0 t1 s i
    for i in 1 2 3; do
        t0=$EPOCHREALTIME
        /usr/bin/time -f '%M' -o "$work/t" "$@" >/dev/null 2>&1 || true
        t1=$EPOCHREALTIME
        s=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }')
        if [[ -z $best ]] || awk -v a="$s" -v b="$best" 'BEGIN { exit !(a < b) }'; then
            best=$s kib=$(tail -n 1 "$work/t")
        fi
    done
    awk -v s="$best" -v k="$kib" 'BEGIN { printf "%.3f %.1f\n", s, k / 1024 }'
}

echo "| ruleset | rules | parts | partition (s) | RSS (MiB) | full lint (s) |"
echo "|---|---:|---:|---:|---:|---:|"
max_part=0 max_name="" n=0
for f in "$dir"/*; do
    [[ -f $f ]] || continue
    name=${f##*/}
    tree=$work/$name
    family=4
    if grep -q '^\*filter' "$f"; then
        rel=etc/iptables/rules.v4
        [[ $name == *ip6tables* ]] && rel=etc/iptables/rules.v6 family=6
        rules=$(grep -c '^-A' "$f" || true)
    elif grep -qE '^[[:space:]]*table[[:space:]]' "$f" && grep -q 'chain' "$f"; then
        rel=etc/nftables.conf
        rules=$(grep -cE '(accept|drop|reject|jump|goto|return)[[:space:]]*(comment.*)?$' "$f" || true)
    else
        continue
    fi
    mkdir -p "$tree/$(dirname "$rel")" "$tree/etc/ssh"
    printf 'Port 22\n' >"$tree/etc/ssh/sshd_config"  # so lint runs every FW check on port 22
    # Some files were anonymised with `XX:XX:…` MAC addresses, which iptables-restore refuses.
    sed 's/XX:XX:XX:XX:XX:XX/02:00:00:00:00:01/g' "$f" >"$tree/$rel"
    any=0.0.0.0/0
    ((family == 6)) && any=::/0
    "$lifeline" dump firewall --root "$tree" -C "addr=$any,lport=22" >"$work/parts" 2>/dev/null || true
    parts="$(grep -c -v '^#' "$work/parts" || true) ($(grep -c '^unknown' "$work/parts" || true) unknown)"
    read -r part_s part_mib < <(best_of_3 "$lifeline" dump firewall --root "$tree" -C "addr=$any,lport=22")
    read -r lint_s _ < <(best_of_3 "$lifeline" lint --root "$tree")
    echo "| $name | $rules | $parts | $part_s | $part_mib | $lint_s |"
    n=$((n + 1))
    if awk -v a="$part_s" -v b="$max_part" 'BEGIN { exit !(a > b) }'; then
        max_part=$part_s max_name=$name
    fi
done
echo
echo "$n rulesets; the slowest partition: $max_part s ($max_name). fffuu: about 70 s per port on the largest (landscape.md)."
