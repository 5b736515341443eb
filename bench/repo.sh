#!/usr/bin/env bash
# Config repositories and git: a generated repository of N host roots (bench/gen_config_repo.sh:
# sshd_config, nftables or iptables rules and a fail2ban jail.local each; default 1,000) with one
# root changed and staged. Times, with hyperfine, (1) the installed pre-commit hook as git runs it
# (the whole process: sh, lifeline, and the git commands lifeline starts), next to a baseline of
# `lifeline lint --root` of the changed root from disk; (2) a whole `git commit` with the hook and
# without it (`--no-verify`), each undone by `git reset --soft` in the same command; (3) `lifeline
# lint --repo` of every root with 2 workers and with 1. There is no peer tool. Before timing, it
# checks that the hook passes the harmless change and refuses a lockout of the must_login user.
# Prints a Markdown section on stdout (hyperfine's own reports go to stderr).
#
# Usage: bench/repo.sh LIFELINE [N]
# Environment: BENCH_WARMUP (3), BENCH_MIN_RUNS (20)
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
lifeline=$(realpath "${1:?usage: repo.sh LIFELINE [N]}")
count=${2:-1000}
warmup=${BENCH_WARMUP:-3}
min_runs=${BENCH_MIN_RUNS:-20}
die() { echo "bench/repo.sh: $*" >&2; exit 1; }
command -v hyperfine >/dev/null || die "hyperfine not found"
command -v git >/dev/null || die "git not found"

work=$(mktemp -d /tmp/lifeline-repo-bench-XXXXXX)
trap 'rm -rf "$work"' EXIT
repo=$work/repo
export GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_NOSYSTEM=1
bash "$here/gen_config_repo.sh" "$repo" "$count"
cd "$repo"
"$lifeline" hook install >/dev/null

# Sanity: a lockout of ops (the must_login user) in one root is refused...
changed=hosts/h$(printf '%04d' $((count / 2)))
rules=hosts/h$(printf '%04d' $((count / 2 | 1)))/etc/iptables/rules.v4
cp "$rules" "$work/rules.saved"
sed -i 's|^-A SSH -s 198.51.100.0/24 -j ACCEPT$|-A SSH -s 198.51.100.0/25 -j ACCEPT|' "$rules"
git add "$rules"
if sh .git/hooks/pre-commit >/dev/null 2>&1; then die "the hook passed a lockout of ops"; fi
cp "$work/rules.saved" "$rules"
git add "$rules"
# ...and a harmless change (one more allowed group in one root's drop-in) passes: it is staged
# for every timing below.
sed -i 's/^AllowGroups ops sshusers$/AllowGroups ops sshusers backup/' \
    "$changed/etc/ssh/sshd_config.d/50-site.conf"
git add -A
sh .git/hooks/pre-commit >/dev/null || die "the hook refuses the harmless change"
files=$(git ls-files | wc -l)

md=$work/times.md
hyperfine --warmup "$warmup" --min-runs "$min_runs" --style basic --export-markdown "$md" \
    -n "pre-commit hook (1 of $count roots changed)" "sh .git/hooks/pre-commit" \
    -n "baseline: lifeline lint --root $changed" "$lifeline lint --root $changed" \
    -n "git commit (with the hook)" "git commit -q -m bench && git reset -q --soft HEAD~1" \
    -n "git commit --no-verify (no hook)" \
    "git commit -q --no-verify -m bench && git reset -q --soft HEAD~1" \
    -n "lifeline lint --repo --jobs 2 ($count roots)" "$lifeline lint --repo --jobs 2" \
    -n "lifeline lint --repo --jobs 1 ($count roots)" "$lifeline lint --repo --jobs 1" >&2

echo "### Config repository: $count host roots, $files files (bench/repo.sh)"
echo
echo "One root's sshd drop-in changed and staged; every root lints clean."
echo
cat "$md"
