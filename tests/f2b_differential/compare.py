"""Comparison of lifeline's model (f2b_model_dump JSON) with the real client's command stream
(oracle.parse_stream). Returns a list of mismatch strings; empty = the two agree.

What is compared, and why it is the same quantity on both sides:
  * error: the real client refuses the configuration  <=>  the model reports an error; and the
    real tool's error must be one the model reports too (same interpolation message, or the same
    file and line for a parse error);
  * the files read for `jail` (the client's `Loading files:` log line), in order;
  * which jails are enabled, in section order (the client `add`s exactly the enabled ones);
  * per enabled jail: backend (`add`), maxretry (int or None when not an int), findtime,
    bantime (and the model's "permanent" flag), bantime.increment/.factor/.maxtime, ignoreself,
    ignorecommand, ignoreip (the `addignoreip` words), the actions (names, and their port and
    protocol parameters, which the generator only ever fills from the jail's %(port)s and
    %(protocol)s), and for marker filters the filter name and mode.
"""

import re

from gen_configs import ACTIONS, MARKER_FILTERS

STOCK_ACTION_ = '%(banaction)s[port="%(port)s", protocol="%(protocol)s", chain="%(chain)s"]'
STOCK_ACTION_MW = ('%(action_)s\n%(mta)s-whois[sender="%(sender)s", dest="%(destemail)s", '
                   'protocol="%(protocol)s", chain="%(chain)s"]')
JAIL_PARAM_ACTIONS = {"\n".join(a) if isinstance(a, list) else a for a in ACTIONS}

STRING_OPTS = ["findtime", "bantime", "bantime.factor", "bantime.maxtime", "ignorecommand"]
BOOL_OPTS = ["bantime.increment", "ignoreself"]
MARKER_RE = re.compile(r"^\^lifeline-filter=(\S+) mode=(.*) <HOST>\$$")
_RAW_VALUE_RE = re.compile(r"\. Raw value: .*\Z", re.S)
_WHERE_RE = re.compile(r"While reading from '(.*?)' \[line\s+(\d+)\]")
_PARSING_RE = re.compile(r"Source contains parsing errors: '(.*?)'\s*\[line\s+(\d+)\]", re.S)
_NOHEADER_RE = re.compile(r"File contains no section headers\.\s*file: '(.*?)', line: (\d+)", re.S)


class Helpers:
    """fail2ban's own action/filter string parsers (from the unpacked package), used to read the
    model's resolved `action` and `filter` values exactly as JailReader does."""

    def __init__(self, dist_packages):
        import sys
        if dist_packages not in sys.path:
            sys.path.insert(0, dist_packages)
        from fail2ban.helpers import extractOptions, splitWithOptions  # noqa: E402
        from fail2ban.client.actionreader import ActionReader  # noqa: E402
        self.extract = extractOptions
        self.split = splitWithOptions
        self.action_reader = ActionReader
        self.sshd_failregex = {}  # (mode, systemd backend) -> failregex list (run_f2bdiff)

    def actions(self, text, jail):
        """JailReader's walk over `action`: (the name the action gets in the jail, parameters)."""
        out = []
        for act in self.split(text):
            act = act.strip()
            if not act:
                continue
            name, opts = self.extract(act)
            # ActionReader names the action (`actname`, or file + `name` suffix) on construction.
            reader = self.action_reader(name, jail, dict(opts), basedir="/nonexistent")
            out.append((reader.getName(), opts))
        return out


def _error_matches(oracle_msg, model_errors):
    """Is the real client's error one the model reports?"""
    for rx in (_WHERE_RE, _PARSING_RE, _NOHEADER_RE):
        m = rx.search(oracle_msg)
        if m:
            path, line = m.group(1), int(m.group(2))
            return any(e["path"] == path and e["line"] == line for e in model_errors)
    msg = _RAW_VALUE_RE.sub("", oracle_msg)
    if msg.startswith("'%' must be followed by"):
        return any(e["message"].startswith(msg.split(", found:")[0]) for e in model_errors)
    return any(e["message"] == msg for e in model_errors)


def compare(model, oracle, helpers):
    mm = []
    merr = model["errors"]
    if oracle["error"]:
        if not merr:
            mm.append(f"real client rejects the configuration ({oracle['error']!r}); "
                      "the model reports no error")
        elif not _error_matches(oracle["error"], merr):
            mm.append(f"real client error {oracle['error']!r} is not among the model's errors "
                      f"{[e['message'] + ' @' + e['path'] + ':' + str(e['line']) for e in merr]}")
        return mm
    if merr:
        return [f"model reports errors the real client does not: "
                f"{[e['message'] + ' @' + e['path'] + ':' + str(e['line']) for e in merr]}"]
    if oracle["skipped"] != sorted(set(model["skipped"])):
        mm.append(f"files skipped as undecodable: real {oracle['skipped']} "
                  f"model {sorted(set(model['skipped']))}")
    for ce in oracle["config_errors"]:
        mm.append(f"generator defect: the real client skips a jail ({ce})")
    if oracle.get("files") is not None and oracle["files"] != model["files"]:
        mm.append(f"files read: real {oracle['files']} model {model['files']}")
    real_enabled = [j["name"] for j in oracle["jails"]]
    model_enabled = [j["name"] for j in model["jails"] if j["enabled"]]
    if real_enabled != model_enabled:
        mm.append(f"enabled jails: real {real_enabled} model {model_enabled}")
    by_name = {j["name"]: j for j in model["jails"]}
    for rj in oracle["jails"]:
        mj = by_name.get(rj["name"])
        if mj is None:
            continue
        mm += [f"[{rj['name']}] {m}" for m in compare_jail(rj, mj, helpers)]
    return mm


def compare_jail(rj, mj, helpers):
    mm = []
    s = rj["settings"]
    if rj["backend"] != (mj["backend"] if mj["backend"] is not None else "auto"):
        mm.append(f"backend: real {rj['backend']!r} model {mj['backend']!r}")
    if ("maxretry" in s) != (mj["maxretry_raw"] is not None) or \
            ("maxretry" in s and s["maxretry"] != mj["maxretry"]):
        mm.append(f"maxretry: real {s.get('maxretry', '<unset>')!r} model {mj['maxretry']!r} "
                  f"(raw {mj['maxretry_raw']!r})")
    for opt in STRING_OPTS + BOOL_OPTS:
        if (opt in s) != (mj[opt] is not None) or (opt in s and s[opt] != mj[opt]):
            mm.append(f"{opt}: real {s.get(opt, '<unset>')!r} model {mj[opt]!r}")
    if mj["bantime_permanent"] != (s.get("bantime") == "-1"):
        mm.append(f"bantime permanent: real bantime {s.get('bantime')!r} "
                  f"model permanent={mj['bantime_permanent']}")
    if rj["ignoreip"] != mj["ignoreip"]:
        mm.append(f"ignoreip: real {rj['ignoreip']!r} model {mj['ignoreip']!r}")
    mm += compare_actions(rj, mj, helpers)
    mm += compare_filter(rj, mj, helpers)
    return mm


def compare_actions(rj, mj, helpers):
    try:
        mact = helpers.actions(mj["action"] or "", mj["name"])
    except ValueError as e:
        return [f"action: the model's value {mj['action']!r} does not parse ({e})"]
    real_names = [a["name"] for a in rj["actions"]]
    if real_names != [n for n, _ in mact]:
        return [f"actions: real {real_names} model {[n for n, _ in mact]} "
                f"(model action {mj['action']!r})"]
    mm = []
    # When the jail's action is one the generator writes (or stock jail.conf's default), its
    # port and protocol parameters are exactly the jail's %(port)s and %(protocol)s, so the
    # real action's parameters check the model's port and protocol settings themselves.
    raw = {k: "\n".join(line.strip() for line in (v or "").split("\n") if line.strip())
           for k, v in mj["raw"].items()}
    from_jail = (raw["action"] in JAIL_PARAM_ACTIONS and raw["action_"] == STOCK_ACTION_ and
                 raw["action_mw"] == STOCK_ACTION_MW)
    for ra, (name, opts) in zip(rj["actions"], mact):
        for key in ("port", "protocol"):
            if key not in opts:
                continue
            real = ra["params"].get(key)
            # extractOptions strips parameter values.
            jail_value = (mj[key] or "").strip()
            if real != opts[key] or (from_jail and real != jail_value):
                mm.append(f"{name} {key}: real {real!r} model action param {opts[key]!r} "
                          f"model jail {key} {mj[key]!r}")
    return mm


def compare_filter(rj, mj, helpers):
    flt = mj["filter"] if mj["filter"] is not None else ""
    if not flt:
        return [] if not rj["failregex"] else [f"filter: model has none, real uses "
                                               f"{rj['failregex'][:2]}"]
    try:
        name, opts = helpers.extract(flt)
    except ValueError as e:
        return [f"filter: the model's value {flt!r} does not parse ({e})"]
    if name == "sshd" and helpers.sshd_failregex:
        key = (opts.get("mode"), (mj["backend"] or "").startswith("systemd"))
        expected = helpers.sshd_failregex.get(key)
        if expected is not None and expected != rj["failregex"]:
            modes = [k for k, v in helpers.sshd_failregex.items() if v == rj["failregex"]]
            return [f"filter: model {flt!r} (sshd mode {key[0]!r}), the real failregex list "
                    f"is that of {modes or 'no known sshd mode'}"]
        return []
    markers = [m.groups() for m in map(MARKER_RE.match, rj["failregex"]) if m]
    if markers:
        expected = (name, opts.get("mode", "unset"))
        if markers != [expected]:
            return [f"filter: real {markers} model {expected} (model filter {flt!r})"]
    elif name in MARKER_FILTERS or not rj["failregex"]:
        return [f"filter: model {flt!r}, real failregex {rj['failregex'][:1]}"]
    return []
