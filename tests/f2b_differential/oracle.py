"""The real fail2ban 1.0.2 as the oracle: fetching the Debian package into the build tree and
running its `fail2ban-client -c DIR -d` (prints the command stream the server would receive,
never contacts or starts a server), parsed into per-jail settings.

The package is only unpacked (`dpkg-deb -x`), never installed: installing it would start the
fail2ban service on this machine.
"""

import ast
import glob
import os
import re
import shutil
import subprocess
import tempfile

PACKAGE = "fail2ban"
UPSTREAM_VERSION = "1.0.2"


class Unavailable(Exception):
    """The package could not be obtained (no apt, no network, no local .deb)."""


def _run(cmd, **kw):
    return subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **kw)


def _deb_version(deb):
    r = _run(["dpkg-deb", "-f", deb, "Version"], timeout=60)
    if r.returncode != 0:
        raise RuntimeError(f"dpkg-deb -f {deb} failed: {r.stderr.strip()}")
    return r.stdout.strip()


def _download(dest, log):
    """`apt-get download fail2ban` into dest; one `apt-get update` and a retry when apt does not
    know the package yet (fresh container without lists) and we are root."""
    if not shutil.which("apt-get"):
        raise Unavailable("apt-get is not available")
    cmd = ["apt-get", "download", "-q", "-o", "Acquire::http::Timeout=20",
           "-o", "APT::Sandbox::User=root", PACKAGE]
    r = _run(cmd, cwd=dest, timeout=180)
    if r.returncode != 0 and os.geteuid() == 0:
        log(f"apt-get download failed ({r.stderr.strip()[-200:]}); running apt-get update once")
        u = _run(["apt-get", "update", "-qq"], timeout=300)
        if u.returncode == 0:
            r = _run(cmd, cwd=dest, timeout=180)
    if r.returncode != 0:
        raise Unavailable("apt-get download fail2ban failed: " + r.stderr.strip()[-400:])
    debs = sorted(glob.glob(os.path.join(dest, f"{PACKAGE}_*_all.deb")))
    if not debs:
        raise Unavailable("apt-get download fail2ban produced no .deb")
    return debs[-1]


def ensure(oracle_dir, log=print):
    """Makes sure oracle_dir/root holds the unpacked package; returns that root.

    Order: an unpacked tree from an earlier run; a .deb named by $LIFELINE_F2B_DEB; a .deb
    already in oracle_dir or apt's cache; `apt-get download`. Raises Unavailable when none
    works, RuntimeError when the package is not fail2ban 1.0.2.
    """
    root = os.path.join(oracle_dir, "root")
    stamp = os.path.join(oracle_dir, "VERSION")
    client = os.path.join(root, "usr", "bin", "fail2ban-client")
    if os.path.exists(client) and os.path.exists(stamp):
        with open(stamp) as f:
            version = f.read().strip()
        if version.startswith(UPSTREAM_VERSION + "-"):
            return root, version
    os.makedirs(oracle_dir, exist_ok=True)
    candidates = []
    if os.environ.get("LIFELINE_F2B_DEB"):
        candidates.append(os.environ["LIFELINE_F2B_DEB"])
    candidates += sorted(glob.glob(os.path.join(oracle_dir, f"{PACKAGE}_{UPSTREAM_VERSION}-*_all.deb")))
    candidates += sorted(glob.glob(f"/var/cache/apt/archives/{PACKAGE}_{UPSTREAM_VERSION}-*_all.deb"))
    deb = next((c for c in candidates if os.path.isfile(c)), None)
    if deb is None:
        log("fetching the fail2ban package with apt-get download (unpacked only, never installed)")
        deb = _download(oracle_dir, log)
    version = _deb_version(deb)
    if not version.startswith(UPSTREAM_VERSION + "-"):
        raise RuntimeError(f"{deb} is fail2ban {version}; this differential is pinned to "
                           f"{UPSTREAM_VERSION} (Debian 12)")
    tmp = tempfile.mkdtemp(prefix="root.", dir=oracle_dir)
    r = _run(["dpkg-deb", "-x", deb, tmp], timeout=120)
    if r.returncode != 0:
        shutil.rmtree(tmp, ignore_errors=True)
        raise RuntimeError(f"dpkg-deb -x {deb} failed: {r.stderr.strip()}")
    shutil.rmtree(root, ignore_errors=True)
    os.rename(tmp, root)
    with open(stamp, "w") as f:
        f.write(version + "\n")
    log(f"unpacked fail2ban {version} from {deb}")
    return root, version


def dist_packages(root):
    return os.path.join(root, "usr", "lib", "python3", "dist-packages")


def python_for_client():
    """Debian's python3 (the interpreter the package is built for), else whatever python3 is."""
    return "/usr/bin/python3" if os.path.exists("/usr/bin/python3") else shutil.which("python3")


_LOG_RE = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d+ ")
_FAILED = "Failed during configuration: "
_JAIL_CONFIGS = re.compile(r"Loading configs for (\S+) under ")
_DECODING = re.compile(r"Error decoding config file '(.*?)': ")
_LOADING = re.compile(r"  Loading files: (\[.*\])$")


def _log_records(stderr):
    """stderr split into log records (a record's message may span several lines)."""
    records = []
    for line in stderr.splitlines():
        if _LOG_RE.match(line) or not records:
            records.append(line)
        else:
            records[-1] += "\n" + line
    return records


def _jail_files(records):
    """The files the client read for `jail` (its last `Loading files:` record for that name)."""
    files, inside = None, False
    for rec in records:
        m = _JAIL_CONFIGS.search(rec)
        if m:
            inside = m.group(1) == "jail"
            continue
        m = _LOADING.search(rec)
        if inside and m:
            files = ast.literal_eval(m.group(1))
    return files


def run_client(root, confdir, timeout=60):
    """Runs `fail2ban-client -c confdir -d -v` (-v logs the files read); returns (returncode, stdout, stderr)."""
    env = dict(os.environ)
    env["PYTHONPATH"] = dist_packages(root)
    env["LC_ALL"] = "C.UTF-8"
    cmd = [python_for_client(), os.path.join(root, "usr", "bin", "fail2ban-client"),
           "-c", confdir, "-d", "-v"]
    r = _run(cmd, env=env, timeout=timeout, stdin=subprocess.DEVNULL)
    return r.returncode, r.stdout, r.stderr


def parse_stream(returncode, stdout, stderr):
    """The command stream as {error, jails: [...]}: one entry per jail the client would add,
    in stream order, with its `set` options, ignoreip words, actions and failregexes."""
    result = {"error": None, "returncode": returncode, "jails": [], "config_errors": []}
    jails = {}
    records = _log_records(stderr)
    failed = [r[r.index(_FAILED) + len(_FAILED):] for r in records if _FAILED in r]
    result["files"] = _jail_files(records)
    result["skipped"] = sorted({m.group(1) for m in map(_DECODING.search, records) if m})
    for line in stdout.splitlines():
        if line.startswith("ERROR:"):
            result["error"] = failed[0] if failed else line
            continue
        try:
            cmd = ast.literal_eval(line)
        except (ValueError, SyntaxError):
            result["error"] = result["error"] or f"unparsable output line: {line!r}"
            continue
        if not isinstance(cmd, list) or not cmd:
            continue
        verb = cmd[0]
        if verb == "add":
            jail = {"name": cmd[1], "backend": cmd[2], "settings": {}, "ignoreip": None,
                    "actions": [], "failregex": []}
            jails[cmd[1]] = jail
            result["jails"].append(jail)
        elif verb == "config-error":
            result["config_errors"].append(cmd[1])
        elif verb in ("set", "multi-set") and len(cmd) >= 3 and cmd[1] in jails:
            _jail_set(jails[cmd[1]], verb, cmd[2:])
    if returncode != 0 and result["error"] is None:
        result["error"] = (failed[0] if failed else
                           f"fail2ban-client exited {returncode}: {stderr.strip()[-300:]}")
    return result


def _jail_set(jail, verb, args):
    opt = args[0]
    if opt == "addignoreip":
        jail["ignoreip"] = (jail["ignoreip"] or []) + list(args[1:])
    elif opt == "addfailregex":
        jail["failregex"] += list(args[1]) if verb == "multi-set" else [args[1]]
    elif opt == "addaction":
        jail["actions"].append({"name": args[1], "params": {}})
    elif opt == "action":
        name = args[1]
        action = next((a for a in reversed(jail["actions"]) if a["name"] == name), None)
        if action is None:
            action = {"name": name, "params": {}}
            jail["actions"].append(action)
        pairs = args[2] if verb == "multi-set" else [args[2:4]]
        for k, v in pairs:
            action["params"][k] = v
    elif verb == "set" and len(args) >= 2:
        jail["settings"][opt] = args[1]
