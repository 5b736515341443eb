#!/usr/bin/env bash
# `make bench-gate`: the gate's figures from the end-to-end suite (tests/e2e_gate/run_e2e.sh),
# run ROUNDS times on namespaced hosts with the real sshd and nft:
#   detect   — end of the change to the first failure found (post-check lockout or probe)
#   recover  — the rollback decision to a working fresh login (canary rollbacks; dead-man ones
#              wait for the window by design and are listed apart)
#   overhead — a gated good change minus the same change run bare (one fresh ssh login)
# Medians over every scenario and round. Usage: bench/gate.sh [BUILD_DIR] (root).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
build=$(cd "${1:-$here/../build}" && pwd)
rounds=${ROUNDS:-3}
out=$(mktemp -d /tmp/lifeline-bench-gate.XXXXXX)
trap 'rm -rf "$out"' EXIT
for r in $(seq 1 "$rounds"); do
    mkdir -p "$out/$r"
    BENCH_DIR=$out/$r bash "$here/../tests/e2e_gate/run_e2e.sh" "$build/lifeline" "$build/tests/e2e_fail2ban/fail2ban-pkg" > "$out/$r.txt" 2>&1 ||
        { cat "$out/$r.txt"; echo "bench-gate: the e2e suite failed" >&2; exit 1; }
done
# Seconds from the reporter's "[  12.34s]" stamps.
python3 - "$out" <<'PY'
import glob, os, re, statistics, sys
root = sys.argv[1]
stamp = re.compile(r"^\[\s*([0-9.]+)s\] ([a-z-]+): (.*)$")
# A post-check line that is a lockout finding (`/etc/ssh/sshd_config:6:1: SSHD034 …`), as opposed
# to its summaries and the advisory line about the gate's own login.
finding = re.compile(r"^/\S+:\d+:\d+: [A-Z]+[0-9]+ ")
detect, recover_canary, recover_deadman, overhead = [], [], [], []
for log in sorted(glob.glob(os.path.join(root, "*", "*.log"))):
    lines = [m.groups() for m in map(stamp.match, open(log, errors="replace")) if m]
    end = next((float(t) for t, p, m in lines if p == "change" and m.startswith("the change exited")), None)
    if end is None:
        continue
    fail = next((float(t) for t, p, m in lines if float(t) >= end and
                 ((p == "post-check" and finding.match(m))
                  or (p == "probe" and m != "fresh login works"))), None)
    if fail is not None:
        detect.append(fail - end)
    decided = next((float(t) for t, p, m in lines if p == "rollback"), None)
    back = next((float(t) for t, p, m in lines if p == "recover" and m.startswith("fresh login works")), None)
    if decided is not None and back is not None:
        deadman = any(p == "rollback" and "waiting for the dead-man" in m for t, p, m in lines)
        (recover_deadman if deadman else recover_canary).append(back - decided)
for f in glob.glob(os.path.join(root, "*", "overhead.txt")):
    for line in open(f):
        bare, gated = map(int, line.split())
        overhead.append((gated - bare) / 1000.0)
def med(xs):
    return f"{statistics.median(xs):.2f} s (n={len(xs)}, min {min(xs):.2f}, max {max(xs):.2f})" if xs else "n/a"
print("| figure | median | target |")
print("|---|---|---|")
print(f"| end of change → failure detected | {med(detect)} | < 1 s |")
print(f"| rollback decision → working fresh login (over the canary) | {med(recover_canary)} | < 3 s |")
print(f"| rollback decision → working fresh login (dead-man, window 10 s) | {med(recover_deadman)} | window + grace |")
print(f"| overhead of a gated good change over the bare command | {med(overhead)} | < 2 s |")
PY
