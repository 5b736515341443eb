#!/usr/bin/env bash
# `make bench`: whole-process timings of lifeline next to the real tools, with hyperfine, on
# (a) Debian 12's default sshd configuration plus three drop-ins and (b) a generated 20,000-line
# configuration with 2,000 Match blocks in 200 included files (both next to sshd -T), (c) a
# 100,000-rule iptables-save file (next to iptables-restore --test), (d) a 50,000-rule nft file
# (next to nft -c -f), (f) Debian's stock fail2ban configuration (next to fail2ban-client -d) and
# (e) the real-world rulesets of ../shared/data/rulesets when present, (g) a git repository of 1,000
# host roots: the pre-commit hook and `lint --repo` (bench/repo.sh). Prints hyperfine's reports, then
# a Markdown summary (also written to BUILD/bench-results.md) that can be pasted into README.
# See bench/README.md for what each row measures and why sshd runs in a mount namespace.
#
# Usage: bench/run.sh [BUILD_DIR]        (as root: unshare -m and mount --bind need it)
# Environment: BENCH_WARMUP (3), BENCH_MIN_RUNS (20), BENCH_OUT (BUILD/bench-results.md)
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
build=$(cd "${1:-$here/../build}" && pwd)
lifeline=$build/lifeline
sshd=/usr/sbin/sshd
stock=/usr/share/openssh/sshd_config
warmup=${BENCH_WARMUP:-3}
min_runs=${BENCH_MIN_RUNS:-20}
out_md=${BENCH_OUT:-$build/bench-results.md}
conn="user=alice,addr=10.20.30.40,host=client.example.org,laddr=192.0.2.10,lport=22"

die() { echo "bench: $*" >&2; exit 1; }
[[ $(id -u) -eq 0 ]] || die "run as root: sshd runs in a private mount namespace (unshare -m)"
for tool in hyperfine /usr/bin/time unshare "$sshd" "$lifeline"; do
    command -v "$tool" >/dev/null || die "$tool not found (make deps; make build)"
done
[[ -f $stock ]] || die "$stock not found (package openssh-server)"

work=$(mktemp -d /tmp/lifeline-bench-XXXXXX)
trap 'rm -rf "$work"' EXIT
failed=0

# A command line that runs "$2..." with ROOT/etc/ssh bind-mounted over /etc/ssh in a private
# mount namespace (the mount vanishes with it), so the config's absolute Include paths and default
# HostKey paths resolve inside the generated tree instead of the machine's real /etc/ssh. The
# tree's passwd and group are mounted too: `Match Group` must see the same users on both sides.
in_ns() {
    local root=$1
    shift
    local mounts="mount --bind $root/etc/ssh /etc/ssh"
    local f
    for f in passwd group; do
        [[ -f $root/etc/$f ]] && mounts+=" && mount --bind $root/etc/$f /etc/$f"
    done
    printf 'unshare -m sh -c %q' "$mounts && exec $*"
}

# bench TITLE NAME=CMD... : checks each command once (lifeline lint may exit 1 on findings; all
# else must exit 0), times the good ones side by side in one hyperfine run, measures peak RSS,
# and appends a Markdown table to $out_md. The first name containing "sshd -T" is the reference
# for the ratio column, the one named "wrapper" is subtracted for the net figures.
bench() {
    local title=$1
    shift
    local -a names=() args=()
    local -a failed_names=()
    local -A status_of=() rss_of=()
    local spec name cmd status ok
    for spec in "$@"; do
        name=${spec%%=*}
        cmd=${spec#*=}
        status=0
        bash -c "$cmd" >"$work/check.out" 2>"$work/check.err" || status=$?
        ok=0
        [[ $status -eq 0 ]] && ok=1
        [[ $status -eq 1 && $name == *"lifeline lint"* ]] && ok=1
        # access exits 1 (denied) or 2 (unknown) by design; the timing still counts.
        [[ $status -le 2 && $name == *"lifeline access"* ]] && ok=1
        if ((ok)); then
            names+=("$name")
            args+=(-n "$name" "$cmd")
            rss_of[$name]=$(peak_rss "$cmd")
        else
            failed_names+=("$name")
            status_of[$name]="FAILED (exit $status: $(head -n 1 "$work/check.err"))"
            echo "bench: $name: ${status_of[$name]}" >&2
            failed=1
        fi
    done

    local csv=$work/result.csv
    : >"$csv"
    if ((${#args[@]})); then
        echo
        echo "== $title"
        hyperfine --shell=none --ignore-failure --style basic --warmup "$warmup" \
            --min-runs "$min_runs" --export-csv "$csv" "${args[@]}"
    fi

    {
        echo
        echo "### $title"
        echo
        echo "| Command | Median | Mean ± σ | Min … Max | Peak RSS | ÷ sshd -T |"
        echo "|---|---:|---:|---:|---:|---:|"
        for name in "${names[@]}"; do printf '%s,%s\n' "$name" "${rss_of[$name]}"; done >"$work/rss.csv"
        # hyperfine's CSV: command,mean,stddev,median,user,system,min,max (seconds).
        awk -F, -v part=rows "$report_awk" "$work/rss.csv" "$csv"
        for name in "${failed_names[@]}"; do
            echo "| \`$name\` | ${status_of[$name]} | | | | |"
        done
        awk -F, -v part=net "$report_awk" "$work/rss.csv" "$csv"
    } >>"$out_md"
}

# Turns the RSS list and hyperfine's CSV into Markdown: part=rows prints the table rows (ratio to
# the first "sshd -T" or "fail2ban-client -d" row), part=net the timings net of the "[ns] ... (wrapper)" row.
report_awk='
function ms(s) { v = s * 1000; return (v < 10 && v > -10) ? sprintf("%.2f ms", v) : sprintf("%.1f ms", v) }
FNR == NR { mem[$1] = $2; next }
FNR == 1 { next }
{
    n++; name[n] = $1; mean[n] = $2; sd[n] = $3; median[n] = $4; lo[n] = $7; hi[n] = $8
    if (ref == "" && $1 ~ /sshd -T|fail2ban-client -d/) { ref = $4; ref_name = $1 }
    if ($1 ~ /wrapper/) wrap = $4
    if (ns_lifeline == "" && $1 ~ /^\[ns\] lifeline/) ns_lifeline = $4
}
END {
    if (part == "rows") {
        for (i = 1; i <= n; i++) {
            ratio = ref > 0 ? sprintf("%.2f×", median[i] / ref) : "—"
            printf "| `%s` | %s | %s ± %s | %s … %s | %s | %s |\n", name[i], ms(median[i]),
                   ms(mean[i]), ms(sd[i]), ms(lo[i]), ms(hi[i]), mem[name[i]], ratio
        }
    } else if (wrap != "") {
        printf "\nNet of the namespace wrapper (median − wrapper median):"
        sep = " "
        for (i = 1; i <= n; i++) {
            if (name[i] !~ /^\[ns\]/ || name[i] ~ /wrapper/) continue
            printf "%s`%s` %s", sep, substr(name[i], 6), ms(median[i] - wrap)
            sep = ", "
        }
        if (ns_lifeline != "" && ref != "" && ref > wrap)
            printf "; lifeline ÷ sshd = %.2f×", (ns_lifeline - wrap) / (ref - wrap)
        printf ".\n"
    }
}'

# Peak resident set size of one run (GNU time's %M, KiB, the largest of 3 runs), in MiB.
peak_rss() {
    local max=0 kib i
    for i in 1 2 3; do
        /usr/bin/time -f %M -o "$work/rss" bash -c "$1" >/dev/null 2>&1 || true
        kib=$(tail -n 1 "$work/rss")
        ((kib > max)) && max=$kib
    done
    awk -v k="$max" 'BEGIN { printf "%.1f MiB", k / 1024 }'
}

# Does lifeline's dump print exactly what sshd -T prints for the same connection?
compare_dumps() {
    local root=$1
    local a=$work/lifeline.dump b=$work/sshd.dump
    "$lifeline" dump sshd --root "$root" -C "$conn" >"$a" 2>/dev/null || { echo "lifeline dump failed"; return; }
    bash -c "$(in_ns "$root" "$sshd" -T -C "$conn")" >"$b" 2>/dev/null || { echo "sshd -T failed"; return; }
    # The contract is the same set of lines; sshd's order is free.
    sort -o "$a" "$a"
    sort -o "$b" "$b"
    if cmp -s "$a" "$b"; then
        echo "the same $(wc -l <"$b") lines"
    else
        echo "DIFFERENT ($(diff "$a" "$b" | grep -c '^[<>]') differing lines of $(wc -l <"$b"))"
    fi
}

{
    echo "## Benchmarks"
    echo
    echo "lifeline $("$lifeline" --version 2>/dev/null || echo '?'), OpenSSH $(dpkg-query -W -f='${Version}' openssh-server)," \
        "$(hyperfine --version); $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'))," \
        "$(date -u +%Y-%m-%d). Medians of at least $min_runs runs after $warmup warm-up run(s);" \
        "\`[ns]\` rows run inside \`unshare -m\` with the tree's etc/ssh, passwd and group bind-mounted over /etc (see bench/README.md)."
} >"$out_md"

# (a) Debian 12 default configuration + 3 drop-ins.
debian=$work/debian-host
bash "$here/gen_debian_host.sh" "$debian" "$stock"
ssh-keygen -q -A -f "$debian" >/dev/null
bench "Debian 12 default sshd_config + 3 drop-ins" \
    "lifeline lint --root=$lifeline lint --root $debian" \
    "[ns] lifeline lint --root=$(in_ns "$debian" "$lifeline" lint --root "$debian")" \
    "[ns] sshd -T=$(in_ns "$debian" "$sshd" -T)" \
    "[ns] true (wrapper)=$(in_ns "$debian" true)"

# (b) 20,000 lines, 2,000 Match blocks, 200 included files.
large=$work/large-host
bash "$here/gen_large_config.sh" "$large" "$stock"
ssh-keygen -q -A -f "$large" >/dev/null
lines=$(cat "$large/etc/ssh/sshd_config" "$large"/etc/ssh/sshd_config.d/*.conf | wc -l)
matches=$(cat "$large"/etc/ssh/sshd_config.d/*.conf | grep -c '^Match')
included=$(ls "$large"/etc/ssh/sshd_config.d/*.conf | wc -l)
# The generated configuration must be one the real sshd accepts, or the timings mean nothing.
bash -c "$(in_ns "$large" "$sshd" -t)" || die "sshd -t rejects the generated configuration"
bench "Generated: $lines lines, $matches Match blocks, $included included files" \
    "lifeline lint --root=$lifeline lint --root $large" \
    "lifeline dump sshd -C=$lifeline dump sshd --root $large -C $conn" \
    "[ns] lifeline dump sshd -C=$(in_ns "$large" "$lifeline" dump sshd --root "$large" -C "$conn")" \
    "[ns] sshd -T -C=$(in_ns "$large" "$sshd" -T -C "$conn")" \
    "[ns] true (wrapper)=$(in_ns "$large" true)"
{
    echo
    echo "\`lifeline dump sshd\` vs \`sshd -T\` for \`-C $conn\`: $(compare_dumps "$large")."
} >>"$out_md"

# (c) Firewall: one access query over a 100,000-rule iptables-save file with 1,000 user chains,
# next to `iptables-restore --test` on the same file (in a throw-away network namespace).
fw=$work/iptables-host
bash "$here/gen_iptables_rules.sh" "$fw"
unshare -n iptables-restore --test "$fw/etc/iptables/rules.v4" || die "iptables-restore --test rejects the generated rules"
bench "Generated: $(grep -c '^-A' "$fw/etc/iptables/rules.v4") iptables rules, 1,001 user chains" \
    "lifeline access root@10.1.2.3=$lifeline access root@10.1.2.3 --root $fw" \
    "iptables-restore --test=unshare -n iptables-restore --test $fw/etc/iptables/rules.v4"

# (d) A 50,000-rule nft file: lifeline's lint (every rule checked, the reachability of port 22
# evaluated) next to `nft -c -f` (the check without applying) on the same file. nft needs about
# a minute per run here, so this row takes fewer runs.
nftroot=$work/nft-host
bash "$here/gen_nft_rules.sh" "$nftroot"
mkdir -p "$nftroot/etc/ssh" && printf 'Port 22\n' >"$nftroot/etc/ssh/sshd_config"
saved_runs=$min_runs saved_warmup=$warmup
min_runs=${BENCH_NFT_RUNS:-2} warmup=0
bench "Generated: 50,000-rule nftables.conf ($(wc -l <"$nftroot/etc/nftables.conf") lines)" \
    "lifeline lint --root=$lifeline lint --root $nftroot" \
    "nft -c -f=unshare -n nft -c -f $nftroot/etc/nftables.conf"
min_runs=$saved_runs warmup=$saved_warmup

# (f) fail2ban: the stock Debian 12 configuration (fail2ban 1.0.2's etc/fail2ban, unpacked from the
# package by the differential suite's oracle.py, never installed) read and evaluated by lifeline
# next to `fail2ban-client -d`, which reads the same files (and the filters and actions) and
# prints the command stream. Skipped with a message when the package cannot be fetched.
f2b_oracle=$work/f2b-oracle
if f2b_pkg=$(python3 -c "import sys; sys.path.insert(0, '$here/../tests/f2b_differential'); import oracle; print(oracle.ensure('$f2b_oracle', log=lambda *a: None)[0])" 2>/dev/null); then
    f2bhost=$work/f2b-host
    mkdir -p "$f2bhost/etc/ssh"
    cp -r "$f2b_pkg/etc/fail2ban" "$f2bhost/etc/"
    printf 'Port 22\nPasswordAuthentication no\n' >"$f2bhost/etc/ssh/sshd_config"
    f2b_python=/usr/bin/python3
    [[ -x $f2b_python ]] || f2b_python=$(command -v python3)
    bench "Stock Debian 12 fail2ban 1.0.2 configuration ($(find "$f2bhost/etc/fail2ban" -name 'jail*' -type f | wc -l) jail files)" \
        "lifeline dump fail2ban=$lifeline dump fail2ban --root $f2bhost" \
        "lifeline lint --root=$lifeline lint --root $f2bhost --access alice@203.0.113.0/24" \
        "fail2ban-client -d=env PYTHONPATH=$f2b_pkg/usr/lib/python3/dist-packages $f2b_python $f2b_pkg/usr/bin/fail2ban-client -c $f2bhost/etc/fail2ban -d"
else
    echo "bench: fail2ban package unavailable (apt-get download failed): section (f) skipped" >&2
    printf '\n### fail2ban\n\nSkipped: the fail2ban package could not be fetched.\n' >>"$out_md"
fi

# (g) A config repository of 1,000 host roots: the pre-commit hook with one root changed, `git
# commit` with and without it, and `lint --repo` of every root with 2 workers and 1.
if command -v git >/dev/null; then
    { echo; bash "$here/repo.sh" "$lifeline" 1000; } >>"$out_md"
else
    echo "bench: git not found: section (g) skipped" >&2
fi

# (e) The real-world rulesets of the shared collection (skipped with a message when absent).
{
    echo
    echo "### Real-world rulesets: full partition for port 22 and full lint (bench/rulesets.sh)"
    echo
    bash "$here/rulesets.sh" "$lifeline"
} >>"$out_md"

echo
echo "---- Markdown summary (also in $out_md) ----"
cat "$out_md"
if ((failed)); then
    echo "bench: some commands failed (see FAILED rows); their timings are missing" >&2
    exit 1
fi
