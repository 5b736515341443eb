#!/usr/bin/python3
"""lifeline's SARIF output, validated against the official SARIF 2.1.0 JSON schema.

The schema is not kept in this repository: `npm ci` fetches it from the registry through
tests/sarif/package.json and package-lock.json (exact version, integrity-checked) into the build
directory; Debian's python3-jsonschema validates. See tests/sarif/README.md.

Runs `lifeline lint --format sarif` over every rule fixture (bad and good trees) and the bundled
example host, and `lifeline access --format sarif` for allowed, denied (by sshd, by the
firewall), unknown (undecidable, and from a file nft rejects) and at-risk logins. Each document
must validate; the content is checked too: each fixture's results against the inline `#>`
expectations written by hand under the offending lines, the example host and access results
against line numbers checked by hand against the files, and `--format github` lines for the same
findings.

Exit status: 0 all checks pass, 1 a check failed, 77 (ctest SKIP_RETURN_CODE) when npm or
python3-jsonschema is missing or the registry is unreachable and CI is not set. With CI set, those
are failures.
"""

import argparse
import copy
import hashlib
import json
import os
import pathlib
import re
import shutil
import subprocess
import sys
import tempfile
import urllib.parse

SKIP = 77
PACKAGE_DIR = "tests/sarif"
SCHEMA_IN_PACKAGE = "node_modules/@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json"
EXPECT = re.compile(rb"^\s*#> (\S+) @(\d+) (error|warning|info): (.*)$")
LEVEL_OF_SEVERITY = {"error": "error", "warning": "warning", "info": "note"}


def in_ci():
    return os.environ.get("CI", "").lower() not in ("", "0", "false", "no")


def unavailable(why):
    if in_ci():
        print(f"FAIL: {why} (CI is set: the schema check must run)")
        sys.exit(1)
    print(f"SKIP: {why}")
    sys.exit(SKIP)


def fetch_schema(source, work):
    """`npm ci` into WORK/npm from the pinned package files; reused while the lock is unchanged."""
    npm_dir = work / "npm"
    npm_dir.mkdir(parents=True, exist_ok=True)
    lock = (source / PACKAGE_DIR / "package-lock.json").read_bytes()
    package = (source / PACKAGE_DIR / "package.json").read_bytes()
    stamp_value = hashlib.sha256(package + lock).hexdigest()
    stamp = npm_dir / "installed.stamp"
    schema = npm_dir / SCHEMA_IN_PACKAGE
    if not (schema.is_file() and stamp.is_file() and stamp.read_text() == stamp_value):
        npm = shutil.which("npm")
        if not npm:
            unavailable("npm is not installed: cannot fetch the SARIF schema")
        (npm_dir / "package.json").write_bytes(package)
        (npm_dir / "package-lock.json").write_bytes(lock)
        stamp.unlink(missing_ok=True)
        try:
            # Shorter retry waits than npm's (up to 60 s each): an offline run skips in seconds.
            r = subprocess.run([npm, "ci", "--ignore-scripts", "--no-audit", "--no-fund",
                                "--fetch-retries=2", "--fetch-retry-mintimeout=2000",
                                "--fetch-retry-maxtimeout=10000"],
                               cwd=npm_dir, capture_output=True, text=True, timeout=300)
        except subprocess.TimeoutExpired:
            unavailable("npm ci timed out after 300 s: is the npm registry reachable?")
        if r.returncode != 0 or not schema.is_file():
            unavailable("npm ci failed (is the npm registry reachable?):\n" + r.stderr[-2000:])
        stamp.write_text(stamp_value)
    return json.loads(schema.read_text(encoding="utf-8"))


class Checks:
    def __init__(self):
        self.passed = 0
        self.failed = 0

    def expect(self, ok, what):
        if ok:
            self.passed += 1
        else:
            self.failed += 1
            print(f"FAIL: {what}")
        return ok

    def equal(self, actual, expected, what):
        return self.expect(actual == expected, f"{what}: expected {expected!r}, got {actual!r}")


class Env:
    def __init__(self, args, validator, checks):
        self.lifeline = os.path.abspath(args.lifeline)
        self.source = pathlib.Path(args.source_dir).resolve()
        self.work = pathlib.Path(args.work_dir).resolve()
        self.validator = validator
        self.checks = checks
        self.documents = 0

    def run(self, args, exits, cwd=None):
        r = subprocess.run([self.lifeline, *args], capture_output=True, timeout=120,
                           cwd=cwd or self.work)
        self.checks.expect(r.returncode in exits,
                           f"lifeline {' '.join(args)}: exit {r.returncode}, expected one of "
                           f"{exits}; stderr: {r.stderr.decode(errors='replace')[-500:]}")
        return r.stdout.decode("utf-8")  # strict: SARIF and workflow commands are UTF-8

    def sarif(self, args, exits, cwd=None):
        """Runs lifeline with --format sarif and validates the document against the schema."""
        text = self.run([*args, "--format", "sarif"], exits, cwd)
        what = "lifeline " + " ".join(args)
        try:
            doc = json.loads(text)
        except json.JSONDecodeError as e:
            self.checks.expect(False, f"{what}: output is not JSON ({e})")
            return None
        self.validate(doc, what)
        self.documents += 1
        return doc

    def validate(self, doc, what):
        errors = sorted(self.validator.iter_errors(doc), key=lambda e: list(e.absolute_path))
        for e in errors[:5]:
            print(f"  {what}: /{'/'.join(map(str, e.absolute_path))}: {e.message[:300]}")
        self.checks.expect(not errors, f"{what}: valid against the SARIF 2.1.0 schema")
        # Errata 01 of SARIF 2.1.0 also requires every region to say where it starts.
        for region in walk_key(doc, "region"):
            self.checks.expect("startLine" in region, f"{what}: region without startLine")
            self.checks.expect(region.get("endLine", region.get("startLine")) >=
                               region.get("startLine", 0), f"{what}: region ends before it starts")


def walk_key(node, key):
    if isinstance(node, dict):
        for k, v in node.items():
            if k == key:
                yield v
            yield from walk_key(v, key)
    elif isinstance(node, list):
        for v in node:
            yield from walk_key(v, key)


def code_point_column(line, byte_column):
    """SARIF columns count characters; the fixtures' @COL counts bytes."""
    prefix = line[:byte_column - 1]
    points = sum(1 for b in prefix if (b & 0xC0) != 0x80)
    return points + 1 + max(0, byte_column - 1 - len(line))


def read_expectations(root):
    """The `#> ID @COL severity: message` lines under `root` (as tests/rules/fixtures.cpp)."""
    out = []
    for path in sorted(p for p in root.rglob("*") if p.is_file() and not p.is_symlink()):
        try:
            data = path.read_bytes()
        except OSError:
            continue
        lines = data.split(b"\n")
        if lines and lines[-1] == b"":
            lines.pop()
        target = 0
        for number, raw in enumerate(lines, 1):
            line = raw[:-1] if raw.endswith(b"\r") else raw
            m = EXPECT.match(line)
            if not m:
                target = number
                continue
            rel = str(path.relative_to(root))
            if target == 0:
                line_no, column = 1, 1
            else:
                target_line = lines[target - 1].rstrip(b"\r")
                line_no = target
                column = code_point_column(target_line, max(1, int(m.group(2))))
            out.append((rel, line_no, column, m.group(1).decode(),
                        LEVEL_OF_SEVERITY[m.group(3).decode()], m.group(4).decode("utf-8", "replace")))
    return sorted(out)


def root_uri_path(run):
    uri = run.get("originalUriBaseIds", {}).get("ROOT", {}).get("uri", "")
    parsed = urllib.parse.urlparse(uri)
    return parsed.scheme, urllib.parse.unquote(parsed.path)


def result_findings(env, run, what):
    """(path under ROOT, line, column, rule, level, message) of each result."""
    out = []
    for r in run["results"]:
        loc = r["locations"][0]["physicalLocation"]
        art = loc["artifactLocation"]
        env.checks.equal(art.get("uriBaseId"), "ROOT", f"{what}: {r['ruleId']} uriBaseId")
        region = loc.get("region", {})
        out.append((urllib.parse.unquote(art["uri"]), region.get("startLine"),
                    region.get("startColumn"), r["ruleId"], r["level"], r["message"]["text"]))
    return sorted(out)


def check_descriptors(env, run, rules_by_id, what):
    driver_rules = run["tool"]["driver"]["rules"]
    ids = [d["id"] for d in driver_rules]
    env.checks.equal(ids, sorted({r["ruleId"] for r in run["results"]}),
                     f"{what}: tool.driver.rules lists exactly the rules results name")
    for r in run["results"]:
        d = driver_rules[r["ruleIndex"]]
        env.checks.equal(d["id"], r["ruleId"], f"{what}: ruleIndex points at the result's rule")
        info = rules_by_id.get(r["ruleId"])
        if not env.checks.expect(info is not None, f"{what}: {r['ruleId']} is a loaded rule"):
            continue
        env.checks.equal(d["name"], info["slug"], f"{what}: {r['ruleId']} name")
        env.checks.equal(d["shortDescription"]["text"], info["summary"], f"{what}: summary")
        env.checks.equal(d["help"]["markdown"], info["doc"], f"{what}: {r['ruleId']} help")
        env.checks.equal(d["defaultConfiguration"]["level"], LEVEL_OF_SEVERITY[info["severity"]],
                         f"{what}: {r['ruleId']} default level")


def lint_fixtures(env, rules_by_id):
    fixtures = env.source / "tests" / "fixtures"
    count = 0
    for plugin in sorted(p for p in fixtures.iterdir() if p.is_dir()):
        for rule in sorted(p for p in plugin.iterdir() if p.is_dir() and "-" in p.name):
            extra = []
            args_file = rule / "lint.args"
            if args_file.is_file():
                extra = [a for a in args_file.read_text().splitlines() if a]
            # As tests/rules/fixture_test.cpp: the fixture's rule on top of the lockout pack,
            # after the fixture's own policy.yaml (intents, options) if it has one.
            own = rule / "policy.yaml"
            policy = env.work / "fixture-policy.yaml"
            policy.write_text(f'extends: ["{own if own.is_file() else "all"}", lockout]\n'
                              f'select: [{rule.name.split("-", 1)[0]}]\n')
            for variant in ("bad", "good"):
                root = rule / variant
                if not root.is_dir():
                    continue
                what = f"{plugin.name}/{rule.name}/{variant}"
                doc = env.sarif(["lint", "--root", str(root), "--fail-on", "info", "--policy",
                                 str(policy), *extra], (0, 1))
                if doc is None:
                    continue
                count += 1
                run = doc["runs"][0]
                env.checks.equal(root_uri_path(run), ("file", str(root) + "/"),
                                 f"{what}: ROOT is the absolute --root")
                env.checks.equal(result_findings(env, run, what), read_expectations(root),
                                 f"{what}: results against the inline expectations")
                check_descriptors(env, run, rules_by_id, what)
    env.checks.expect(count >= 100, f"fixture trees linted: {count} (expected at least 100)")


def region_of(result):
    loc = result["locations"][0]["physicalLocation"]
    region = loc.get("region", {})
    return (loc["artifactLocation"]["uri"], region.get("startLine"), region.get("startColumn"),
            region.get("endLine"), region.get("endColumn"))


def lint_example_host(env):
    """examples/debian-host, by a relative --root from the source directory; positions by hand:
    10-hardening.conf line 4 is `AllowUsers deploy,alice` ("deploy,alice" spans columns 12-23);
    nftables.conf line 7 is two tabs then `type filter hook input priority filter; policy drop;`
    ("policy" at column 43)."""
    doc = env.sarif(["lint", "--root", "examples/debian-host"], (1,), cwd=env.source)
    run = doc["runs"][0]
    hardening = "etc/ssh/sshd_config.d/10-hardening.conf"
    # The sshd and firewall findings; other layers' files may join the example.
    env.checks.equal(sorted((r["ruleId"], r["level"], *region_of(r)) for r in run["results"]
                            if r["ruleId"].startswith(("SSHD", "FW"))),
                     [("FW002", "error", "etc/nftables.conf", 7, 43, 7, None),
                      ("SSHD023", "error", hardening, 4, 12, 4, 24),
                      ("SSHD034", "error", hardening, 4, 1, 4, None)],
                     "debian-host: rule, level and region of each result")
    env.checks.equal(root_uri_path(run),
                     ("file", str(env.source / "examples" / "debian-host") + "/"),
                     "debian-host: ROOT is the absolute form of the relative --root")

    # The same findings as workflow commands: positions by hand, texts as in --format json.
    diags = json.loads(env.run(["lint", "--root", "examples/debian-host", "--format", "json"],
                               (1,), cwd=env.source))["diagnostics"]
    lines = env.run(["lint", "--root", "examples/debian-host", "--format", "github"], (1,),
                    cwd=env.source).splitlines()
    env.checks.equal(len(lines), len(diags), "debian-host: one workflow command per finding")
    env.checks.equal(len(run["results"]), len(diags), "debian-host: one SARIF result per finding")
    commands = [parse_command(line) for line in lines]
    sshd023 = [c for c in commands if c and c[1].get("title") == "SSHD023 comma-in-user-list"]
    if env.checks.equal(len(sshd023), 1, "debian-host: one SSHD023 workflow command"):
        level, props, message = sshd023[0]
        d = next(d for d in diags if d["rule"] == "SSHD023")
        env.checks.equal(level, "error", "SSHD023 command")
        env.checks.equal(props, {"file": "examples/debian-host/" + hardening, "line": "4",
                                 "endLine": "4", "col": "12", "endColumn": "23",
                                 "title": "SSHD023 comma-in-user-list"},
                         "SSHD023 command properties (GitHub's end column is inclusive)")
        env.checks.equal(message, d["message"] + "\nhelp: " + d["help"], "SSHD023 command message")
    fw002 = [c for c in commands if c and c[1].get("title") == "FW002 ipv6-closed"]
    if env.checks.equal(len(fw002), 1, "debian-host: one FW002 workflow command"):
        env.checks.equal({k: fw002[0][1].get(k) for k in ("file", "line", "col", "endColumn")},
                         {"file": "examples/debian-host/etc/nftables.conf", "line": "7",
                          "col": "43", "endColumn": None}, "FW002 command position")


COMMAND = re.compile(r"^::(error|warning|notice) ([^:]*)::(.*)$")


def unescape(text):
    for code, char in (("%0D", "\r"), ("%0A", "\n"), ("%3A", ":"), ("%2C", ","), ("%25", "%")):
        text = text.replace(code, char)
    return text


def parse_command(line):
    """(level, properties, message) of a workflow command, unescaped as the runner does."""
    m = COMMAND.match(line)
    if not m:
        return None
    props = dict(p.split("=", 1) for p in m.group(2).split(",")) if m.group(2) else {}
    return m.group(1), {k: unescape(v) for k, v in props.items()}, unescape(m.group(3))


def write_host(root, sshd_config, extra=None):
    """A small host tree: alice with a login shell and an authorized key."""
    files = {
        "etc/passwd": "root:x:0:0:root:/root:/bin/bash\nalice:x:1000:1000:Alice:/home/alice:/bin/bash\n",
        "etc/group": "root:x:0:\nalice:x:1000:\n",
        "home/alice/.ssh/authorized_keys": "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5 alice@laptop\n",
        "bin/bash": "",
        "etc/ssh/sshd_config": sshd_config,
        **(extra or {}),
    }
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    (root / "bin/bash").chmod(0o755)


def flow_steps(result):
    """{thread id: [(uri, line) or message]} of the result's code flow."""
    out = {}
    for thread in result["codeFlows"][0]["threadFlows"]:
        steps = []
        for loc in thread["locations"]:
            phys = loc["location"].get("physicalLocation")
            if phys:
                steps.append((phys["artifactLocation"]["uri"],
                              phys.get("region", {}).get("startLine")))
            else:
                steps.append(loc["location"]["message"]["text"])
        out[thread["id"]] = steps
    return out


def layer_results(run, layers=("firewall", "sshd")):
    """The results of the given layers (the example host may gain other layers)."""
    return [r for r in run["results"] if r.get("properties", {}).get("layer") in layers]


def access_cases(env, tmp):
    hardening = "etc/ssh/sshd_config.d/10-hardening.conf"
    # Denied by sshd: nftables.conf line 10 accepts 198.51.100.0/24 to port 22; alice is line 4
    # of etc/passwd; line 4 of the drop-in is the AllowUsers entry with the comma.
    doc = env.sarif(["access", "alice@198.51.100.7", "--root", "examples/debian-host"], (1,),
                    cwd=env.source)
    run = doc["runs"][0]
    env.checks.equal([(r["ruleId"], r["level"], region_of(r)[:2]) for r in layer_results(run)],
                     [("access/denied", "error", (hardening, 4))], "access denied by sshd")
    steps = flow_steps(run["results"][0])
    env.checks.equal(list(steps)[:2], ["firewall", "sshd"], "access: a thread flow per layer")
    env.checks.equal([list(flow_steps(r)) for r in run["results"]],
                     [list(steps)] * len(run["results"]), "access: every result has the whole path")
    env.checks.expect(("etc/nftables.conf", 10) in steps.get("firewall", []),
                      f"access: the firewall flow passes nftables.conf:10: {steps}")
    env.checks.expect(("etc/passwd", 4) in steps.get("sshd", []) and
                      steps.get("sshd", [None])[-1] == (hardening, 4),
                      f"access: the sshd flow checks passwd:4 and ends at the drop-in's line 4: {steps}")
    env.checks.equal((run["properties"]["verdict"], run["properties"].get("deniedBy")),
                     ("denied", "sshd"), "access denied: run properties")
    github = env.run(["access", "alice@198.51.100.7", "--root", "examples/debian-host",
                      "--format", "github"], (1,), cwd=env.source).splitlines()
    env.checks.equal([parse_command(g)[:2] for g in github],
                     [("error", {"file": "examples/debian-host/" + hardening, "line": "4",
                                 "title": "access denied"})], "access denied: workflow command")

    # Denied by the firewall first: 203.0.113.7 is outside 198.51.100.0/24, so the input chain's
    # policy drop (line 7) ends it; sshd denies it too.
    doc = env.sarif(["access", "alice@203.0.113.7", "--root", "examples/debian-host"], (1,),
                    cwd=env.source)
    run = doc["runs"][0]
    env.checks.equal([(r["ruleId"], r["properties"]["layer"], region_of(r)[:2])
                      for r in layer_results(run)],
                     [("access/denied", "firewall", ("etc/nftables.conf", 7)),
                      ("access/denied", "sshd", (hardening, 4))], "access denied by the firewall")
    env.checks.equal(run["properties"].get("deniedBy"), "firewall", "access: deniedBy")

    # Allowed: keys only, alice (line 2 of etc/passwd) has a key.
    host = tmp / "allowed"
    write_host(host, "PasswordAuthentication no\nKbdInteractiveAuthentication no\n")
    doc = env.sarif(["access", "alice@203.0.113.7", "--root", str(host)], (0,))
    run = doc["runs"][0]
    env.checks.equal([(r["ruleId"], r.get("kind"), r["level"]) for r in run["results"]],
                     [("access/allowed", "pass", "none")], "access allowed")
    if run["results"]:
        steps = flow_steps(run["results"][0])
        env.checks.expect(("etc/passwd", 2) in steps.get("sshd", []),
                          f"access allowed: the trace is kept as a code flow: {steps}")
    env.checks.equal(root_uri_path(run), ("file", str(host) + "/"), "access allowed: ROOT")

    # Unknown: a Match LocalAddress block and no --to.
    host = tmp / "unknown"
    write_host(host, "PasswordAuthentication no\nMatch LocalAddress 10.0.0.1\n"
                     "  PubkeyAuthentication no\n")
    doc = env.sarif(["access", "alice@203.0.113.7", "--root", str(host)], (2,))
    run = doc["runs"][0]
    env.checks.equal([(r["ruleId"], r["level"], r["properties"]["layer"]) for r in run["results"]],
                     [("access/unknown", "warning", "sshd")], "access unknown (Match LocalAddress)")

    # Unknown from an error: nft rejects a ruleset that ends inside a block (line 5 is after the
    # last newline of the 4-line file).
    host = tmp / "nft-error"
    write_host(host, "PasswordAuthentication no\n", {
        "etc/nftables.conf": "table inet filter {\n  chain input {\n"
                             "    type filter hook input priority 0; policy drop\n"
                             "    tcp dport 22 accept\n"})
    doc = env.sarif(["access", "alice@203.0.113.7", "--root", str(host)], (2,))
    run = doc["runs"][0]
    results = run["results"]
    env.checks.equal([(r["ruleId"], r.get("properties", {}).get("layer")) for r in results[:1]],
                     [("access/unknown", "firewall")], "access unknown (nft error): the layer")
    errors = [r for r in results[1:]]
    env.checks.equal([(r["level"], region_of(r)[:3]) for r in errors],
                     [("error", ("etc/nftables.conf", 5, 1))], "access unknown: the error result")
    env.checks.equal(run["properties"]["verdict"], "unknown", "access unknown: run verdict")

    # At risk: ufw `limit 2222/tcp` (the UFW004 fixture): the login passes the ACCEPT at line 19
    # of user.rules now, and the `-m recent --hitcount 6` rule at line 12 can refuse later ones.
    host = tmp / "at-risk"
    shutil.copytree(env.source / "tests/fixtures/ufw/UFW004-ssh-port-rate-limited/bad", host)
    write_host(host, (host / "etc/ssh/sshd_config").read_text())
    doc = env.sarif(["access", "alice@203.0.113.7", "--root", str(host)], (1,))
    run = doc["runs"][0]
    env.checks.equal([(r["ruleId"], r["level"], r["properties"]["layer"], region_of(r)[:2])
                      for r in run["results"]],
                     [("access/at-risk", "warning", "firewall", ("etc/ufw/user.rules", 19))],
                     "access at-risk (ufw limit)")
    if run["results"]:
        risk = run["results"][0]["properties"].get("canRevoke", "")
        env.checks.expect("--hitcount 6" in risk and "user.rules:12" in risk,
                          f"access at-risk: the risk names the limit rule: {risk!r}")
    env.checks.equal(run["properties"]["verdict"], "at-risk", "access at-risk: run verdict")


def negative_controls(env, sample):
    """The validator must reject documents that break the schema, or the checks prove nothing."""
    broken = []
    doc = copy.deepcopy(sample)
    doc["runs"][0]["results"][0]["level"] = "fatal"
    broken.append(("a level outside the enum", doc))
    doc = copy.deepcopy(sample)
    doc["version"] = "2.0.0"
    broken.append(("another version", doc))
    doc = copy.deepcopy(sample)
    doc["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"] = 0
    broken.append(("line 0", doc))
    doc = copy.deepcopy(sample)
    doc["runs"][0]["results"][0]["codeFlows"] = [{"threadFlows": [{"locations": []}]}]
    broken.append(("a thread flow without locations", doc))
    for what, doc in broken:
        env.checks.expect(any(True for _ in env.validator.iter_errors(doc)),
                          f"the schema rejects {what}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lifeline", required=True)
    parser.add_argument("--source-dir", required=True)
    parser.add_argument("--work-dir", required=True)
    args = parser.parse_args()
    try:
        import jsonschema
    except ImportError:
        unavailable("python3-jsonschema is not installed (scripts/install-deps.sh installs it)")
    schema = fetch_schema(pathlib.Path(args.source_dir).resolve(),
                          pathlib.Path(args.work_dir).resolve())
    checks = Checks()
    checks.expect("SARIF" in schema.get("title", "") and "2.1.0" in schema.get("title", ""),
                  f"the fetched schema is SARIF 2.1.0's: {schema.get('title')!r}")
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    env = Env(args, cls(schema, format_checker=jsonschema.FormatChecker()), checks)

    rules = json.loads(env.run(["rules", "--format", "json"], (0,)))
    rules_by_id = {r["id"]: r for r in rules}
    lint_fixtures(env, rules_by_id)
    lint_example_host(env)
    with tempfile.TemporaryDirectory(prefix="lifeline-sarif-") as tmp:
        access_cases(env, pathlib.Path(tmp))
    sample = env.sarif(["access", "alice@198.51.100.7", "--root", "examples/debian-host"], (1,),
                       cwd=env.source)
    negative_controls(env, sample)

    print(f"{env.documents} SARIF documents validated against {schema.get('title')}")
    print(f"{checks.passed} passed, {checks.failed} failed")
    return 1 if checks.failed else 0


if __name__ == "__main__":
    sys.exit(main())
