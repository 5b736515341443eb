#!/usr/bin/env python3
"""fail2ban differential: lifeline's model (f2b_model_dump) against the real fail2ban-client 1.0.2.

  run_f2bdiff.py --dump BUILD/tests/f2b_differential/f2b_model_dump [--work DIR] [--oracle DIR]
                 [--seed N] [--count N] [--jobs N] [--keep]

Environment: F2B_DIFF_SEED, F2B_DIFF_COUNT, F2B_DIFF_JOBS override the defaults (seed 1, 150
cases, 2 jobs); LIFELINE_F2B_DEB names a local fail2ban_1.0.2-*_all.deb to use instead of
`apt-get download`. Exit 0: no mismatch; 1: mismatches or a harness failure; 77: skipped because
the package could not be obtained (never when CI=true: then that is a failure).
"""

import argparse
import collections
import concurrent.futures
import copy
import json
import os
import shutil
import subprocess
import sys
import time

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import compare as cmp  # noqa: E402
import gen_configs  # noqa: E402
import oracle  # noqa: E402

SKIP = 77
# Features every run of the default size must exercise (the generator is checked, not trusted).
REQUIRED_TAGS = ["base:stock", "base:mini", "jail.d-conf", "jail.local", "jail.d-local",
                 "lowercase-default", "continuation", "inline-semicolon",
                 "hash-or-tight-semicolon", "ignoreip-tab", "ignoreip-comma", "ignoreip-newline",
                 "ignoreip-cidr", "ignoreip-dns", "ignoreip-interp", "port-interp",
                 "includes-before", "includes-after", "includes-local-twin", "crlf",
                 "option-case", "colon-delimiter", "empty-line-in-value", "comment-in-value",
                 "custom-vars", "bantime:-1", "bantime.increment:true", "enabled:maybe",
                 "enabled:yes", "enabled:1", "enabled:on", "latin1-file", "utf8-bom",
                 "ignored-jail.d-entry", "unicode-space-trailing", "unicode-space-indent",
                 "ignoreip-nbsp", "indented-option", "header-trailing-text"] + [
                     "error:" + k for k in gen_configs.ERROR_KINDS]


def log(msg):
    print(msg, flush=True)


def in_ci():
    return os.environ.get("CI", "").lower() == "true"


def sshd_fingerprints(root, stock, work):
    """The failregex list the real client builds from the stock sshd filter for each mode (and
    for no mode parameter), with a file backend and with systemd: what a jail's filter value
    must produce. Keyed by (mode or None, backend is systemd)."""
    out = {}
    for mode in [None] + gen_configs.MODES:
        for systemd in (False, True):
            d = os.path.join(work, f"sshd-{mode}-{systemd}")
            os.makedirs(d)
            for name in ("filter.d", "action.d", "fail2ban.conf"):
                os.symlink(os.path.join(stock, name), os.path.join(d, name))
            with open(os.path.join(d, "jail.conf"), "w") as f:
                f.write("[sshd]\nenabled = true\nfilter = sshd%s\nbackend = %s\n" % (
                    f"[mode={mode}]" if mode else "", "systemd" if systemd else "polling"))
            real = oracle.parse_stream(*oracle.run_client(root, d))
            if real["error"] or len(real["jails"]) != 1 or not real["jails"][0]["failregex"]:
                raise RuntimeError(f"sshd filter fingerprint {mode}/{systemd} failed: {real}")
            out[(mode, systemd)] = real["jails"][0]["failregex"]
            shutil.rmtree(d)
    if len({tuple(v) for v in out.values()}) < 4:
        raise RuntimeError("the sshd modes do not change the failregex list: fingerprint useless")
    return out


def mutate(model, real, i):
    """A copy of the model's answer with one deliberate error (what the comparison must see)."""
    m = copy.deepcopy(model)
    if real["error"]:
        m["errors"] = []
        return m, "errors dropped"
    enabled = [j for j in m["jails"] if j["enabled"] and j["name"] in
               {rj["name"] for rj in real["jails"]}]
    if not enabled:
        m["files"] = m["files"][:-1]
        return m, "last file dropped"
    j = enabled[i % len(enabled)]
    kind = i % 7
    if kind == 0:
        j["enabled"] = False
    elif kind == 1:
        j["maxretry_raw"] = j["maxretry_raw"] or "3"
        j["maxretry"] = (j["maxretry"] or 0) + 1
    elif kind == 2:
        j["ignoreip"] = (j["ignoreip"] or []) + ["192.0.2.99"]
    elif kind == 3:
        j["bantime"] = (j["bantime"] or "") + "0"
    elif kind == 4:
        j["backend"] = "not-" + (j["backend"] or "auto")
    elif kind == 5:
        j["ignoreip"] = None if j["ignoreip"] is not None else []
    else:
        j["filter"] = "lifeline-b[mode=zzz]"
    return m, f"[{j['name']}] mutation {kind}"


def self_check(models, reals, helpers):
    """The comparison must reject a wrong answer in every case (else it cannot fail)."""
    missed = []
    for i, (model, real) in enumerate(zip(models, reals)):
        wrong, what = mutate(model, real, i)
        if not cmp.compare(wrong, real, helpers):
            missed.append(f"case {i}: {what}")
    return missed


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--dump", required=True, help="the f2b_model_dump binary")
    ap.add_argument("--work", default="f2bdiff-work", help="where cases are generated")
    ap.add_argument("--oracle", default="f2bdiff-oracle", help="where the package is unpacked")
    ap.add_argument("--seed", type=int, default=int(os.environ.get("F2B_DIFF_SEED", "1")))
    ap.add_argument("--count", type=int, default=int(os.environ.get("F2B_DIFF_COUNT", "150")))
    ap.add_argument("--jobs", type=int, default=int(os.environ.get("F2B_DIFF_JOBS", "2")))
    ap.add_argument("--keep", action="store_true", help="keep the generated cases")
    args = ap.parse_args()
    started = time.monotonic()

    try:
        root, version = oracle.ensure(os.path.abspath(args.oracle), log)
    except oracle.Unavailable as e:
        if in_ci():
            log(f"FAIL: the real fail2ban package is needed in CI: {e}")
            return 1
        log(f"SKIP: could not obtain the fail2ban 1.0.2 package ({e}). Set LIFELINE_F2B_DEB to a "
            f"local fail2ban_1.0.2-*_all.deb, or run with network access to the Debian archive.")
        return SKIP
    except RuntimeError as e:
        log(f"FAIL: {e}")
        return 1
    log(f"oracle: fail2ban {version} unpacked in {root} (run with {oracle.python_for_client()})")

    work = os.path.abspath(args.work)
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    stock = os.path.join(root, "etc", "fail2ban")
    filter_dir = os.path.join(work, "filter.d")
    gen_configs.write_shared_filters(stock, filter_dir)
    gen = gen_configs.Generator(stock, args.seed)
    cases = []
    tag_counts = collections.Counter()
    for i in range(args.count):
        d = os.path.join(work, f"case-{i:04d}")
        tags = gen_configs.write_case(gen, i, d, filter_dir)
        tag_counts.update(tags)
        with open(os.path.join(d, "tags.txt"), "w") as f:
            f.write("\n".join(tags) + "\n")
        cases.append((d, tags))

    # The model: one process for all cases.
    r = subprocess.run([args.dump] + [d for d, _ in cases], stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, text=True, timeout=120)
    if r.returncode != 0:
        log(f"FAIL: f2b_model_dump exited {r.returncode}: {r.stderr[-2000:]}")
        return 1
    models = [json.loads(line) for line in r.stdout.splitlines()]
    if len(models) != len(cases):
        log(f"FAIL: f2b_model_dump printed {len(models)} results for {len(cases)} cases")
        return 1

    # The real client: one process per case, --jobs at a time.
    def run_real(d):
        rc, out, err = oracle.run_client(root, d)
        return oracle.parse_stream(rc, out, err)

    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        reals = list(pool.map(run_real, [d for d, _ in cases]))

    helpers = cmp.Helpers(oracle.dist_packages(root))
    helpers.sshd_failregex = sshd_fingerprints(root, stock, work)
    failures, stats = [], collections.Counter()
    for (d, tags), model, real in zip(cases, models, reals):
        stats["error cases" if real["error"] else "accepted cases"] += 1
        stats["enabled jails compared"] += len(real["jails"])
        mism = cmp.compare(model, real, helpers)
        with open(os.path.join(d, "result.json"), "w") as f:
            json.dump({"model": model, "real": real, "mismatches": mism}, f, indent=1)
        if mism:
            failures.append((d, tags, mism))

    undetected = self_check(models, reals, helpers)
    if undetected:
        failures.append(("self-check", [], [f"the comparison missed deliberate model errors: "
                                            f"{undetected}"]))
    log(f"seed {args.seed}: {len(cases)} configurations, "
        + ", ".join(f"{v} {k}" for k, v in sorted(stats.items())))
    log("features: " + ", ".join(f"{t} {tag_counts[t]}" for t in REQUIRED_TAGS))
    missing = [t for t in REQUIRED_TAGS if tag_counts[t] == 0]
    if args.count >= 100 and missing:
        failures.append(("generator", [], [f"features never generated: {missing}"]))
    for d, tags, mism in failures:
        log(f"MISMATCH {d}")
        for m in mism:
            log(f"  {m}")
    log(f"{len(failures)} mismatching configuration(s) in {time.monotonic() - started:.1f} s"
        + (f"; cases kept in {work}" if failures or args.keep else ""))
    if not failures and not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
