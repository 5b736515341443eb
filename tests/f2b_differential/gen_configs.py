"""Seeded, deterministic generator of fail2ban configuration directories for the differential.

Each case is a complete /etc/fail2ban look-alike: the stock Debian files (or a small generated
jail.conf), generated jail.d/*.conf, jail.local, jail.d/*.local and [INCLUDES] files, with
filter.d/action.d/fail2ban.conf linked from the unpacked package so that the real
`fail2ban-client -d` never fails for reasons unrelated to jails.

Case i depends only on (seed, i): changing the count keeps the earlier cases identical.

Safety rule the generator keeps (so that a difference is always about jail settings): every
section name it writes has a filter file, and every `filter`, `action`, `banaction` and `mode`
value comes from a pool the real tool accepts. Everything else (interpolation, file order,
comments, error injections) is free: the real tool decides what it means.
"""

import os
import random
import re

# Stock jails whose filter ships in filter.d (checked against the package at generation time).
STOCK_NAMES = ["sshd", "dropbear", "nginx-http-auth", "postfix", "recidive", "apache-auth",
               "dovecot"]
# Section names with a minimal marker filter written by the harness (filter.d/<name>.conf).
MARKER_FILTERS = ["lifeline-a", "lifeline-b", "admin-ssh", "default", "SSHD"]
# Sections whose filter accepts any of MODES (sshd's modes; marker filters take anything).
MODE_SECTIONS = {"sshd", "lifeline-a", "lifeline-b", "admin-ssh"}
MODES = ["normal", "ddos", "extra", "aggressive"]

MARKER_FILTER_TEXT = """# Minimal filter written by the lifeline fail2ban differential: its only failregex names the
# filter and the mode the jail passed, so the command stream shows which filter a jail uses.
[Definition]
mode = unset
failregex = ^lifeline-filter={name} mode=<mode> <HOST>$
"""

MINI_JAIL_DEFAULT = [
    ("enabled", "false"), ("mode", "normal"), ("filter", "%(__name__)s[mode=%(mode)s]"),
    ("ignorecommand", ""), ("bantime", "10m"), ("findtime", "10m"), ("maxretry", "5"),
    ("backend", "auto"), ("usedns", "warn"), ("logencoding", "auto"),
    ("destemail", "root@localhost"), ("sender", "root@<fq-hostname>"), ("mta", "sendmail"),
    ("protocol", "tcp"), ("chain", "<known/chain>"), ("port", "0:65535"),
    ("banaction", "iptables-multiport"), ("banaction_allports", "iptables-allports"),
    ("action_", '%(banaction)s[port="%(port)s", protocol="%(protocol)s", chain="%(chain)s"]'),
    ("action_mw", ['%(action_)s',
                   '%(mta)s-whois[sender="%(sender)s", dest="%(destemail)s", '
                   'protocol="%(protocol)s", chain="%(chain)s"]']),
    ("action", "%(action_)s"),
]

ENABLED_TRUE = ["true", "True", "TRUE", "yes", "Yes", "on", "ON", "1", "true ; on purpose"]
ENABLED_FALSE = ["false", "no", "off", "0", "maybe", "enable", "enabled", "y", "t",
                 "yes please", "", "true # hash is not a comment", "true;no-space-before"]
IGNOREIP_POOL = ["127.0.0.1/8", "::1", "10.0.0.0/8", "192.168.1.0/24", "198.51.100.7",
                 "2001:db8::/32", "admin.example.org", "vpn.example.net",
                 "203.0.113.0/255.255.255.0", "[2001:db8::1]", "10.0.0.0/33", "not_an_ip",
                 "172.16.0.0/12", "fe80::1%eth0".replace("%", "%%"), "localhost"]
IGNOREIP_SEPS = [" ", ", ", ",", "  ", " , ", "\t", ",\t", "\t ", "\n", "\n", ",\n",
                 "\u00a0", ",\u00a0"]
IGNOREIP_INTERP = ["%(known/ignoreip)s", "%(default/ignoreip)s", "%(admin_net)s",
                   "%(mgmt_nets)s", "%(sshd/ignoreip)s"]
PORTS = ["ssh", "22", "2222", "ssh,2222", "22, 2222", "http,https", "0:65535", "1000:2000",
         "smtp,465,submission", "ssh,sftp", "22,2200:2210", "ssh\t2222", "%(known/port)s,2200",
         "%(default/port)s", "%(sshd/port)s,8022", "%(port_ssh)s", "22 # ssh", "",
         "%(PORT_SSH)s"]
MAXRETRY = ["1", "2", "3", "5", "10", " 3", "+2", "-1", "1_0", "03", "abc", "3.0", "0x10", "",
            "3 # three", "%(default/maxretry)s", "%(known/maxretry)s", "%(mr)s", "1__0",
            "%(MR)s", "%(Default/maxretry)s"]
BANTIME = ["-1", "10m", "1h", "1d", "1w", "3600", "1d12h", "forever", "%(known/bantime)s",
           "%(default/bantime)s", "-1 # forever", "2*60", "-1;x", "1h 30m"]
FINDTIME = ["10m", "1d", "600", "1h 30m", "%(known/findtime)s", "1w"]
BOOLS = ["true", "false", "yes", "no", "1", "0", "on", "Off", "maybe"]
FACTORS = ["1", "2", "0.5"]
MAXTIMES = ["1w", "5w", "1d", "-1", "%(bantime)s"]
IGNORECOMMANDS = ["", "/usr/local/bin/ipcheck <ip>", "/bin/check %(__name__)s <ip>",
                  "echo 100%% <ip>", "/bin/true %(fail2ban_confpath)s", "echo %%(x)s <ip>",
                  "/bin/check %(fail2ban_version)s"]
BACKENDS = ["auto", "polling", "systemd", "%(sshd_backend)s", "pyinotify",
            "systemd[journalflags=1]", "%(default/backend)s"]
BANACTIONS = ["iptables-multiport", "iptables-allports", "nftables-multiport",
              "nftables-allports", "ufw", "iptables", "firewallcmd-ipset", "%(banaction_allports)s"]
ACTIONS = ["%(action_)s", "%(action_mw)s", '%(banaction)s[port="%(port)s", protocol="%(protocol)s"]',
           '%(banaction_allports)s[protocol="%(protocol)s"]',
           'iptables-multiport[name=%(__name__)s, port="%(port)s"]',
           ['%(banaction)s[port="%(port)s"]', 'nftables-allports[protocol="%(protocol)s"]']]
FILTERS = ["%(__name__)s[mode=%(mode)s]", "sshd", "sshd[mode=extra]", "lifeline-a",
           "lifeline-a[mode=%(mode)s]", "lifeline-b[mode=aggressive]", ""]
PROTOCOLS = ["tcp", "udp"]
CUSTOM_VARS = {"admin_net": ["198.51.100.0/24", "203.0.113.7 2001:db8::/48"],
               "mgmt_nets": ["10.0.0.0/8 %(admin_net)s", "192.0.2.0/24,%(admin_net)s"],
               "port_ssh": ["2222", "ssh,2222"], "mr": ["3", "7"]}

DELIMS = [" = ", "=", " =", "= ", ": ", " : ", ":", "\t=\t", "   =  "]
# Options an indented option line may continue (None: right after the section header).
CONTINUABLE = {None, "ignoreip", "maxretry", "bantime", "findtime", "enabled", "ignorecommand",
               "foo_unknown"}
NBSP = "\u00a0"
EM_SPACE = "\u2003"
CONT_INDENTS = ["    ", "\t", "  ", "            ", " "]
COMMENTS = ["# a comment", "; a comment", "  # indented comment", "#", ";x = 1"]


# What inject_error can add; "undefined-disabled-jail" and "unused-undefined-default" are
# NOT errors for fail2ban-client (options of disabled jails are never interpolated).
ERROR_KINDS = ["depth-chain", "dup-option", "dup-section", "malformed-line", "no-section-header",
               "undefined-enabled-jail", "undefined-disabled-jail", "undefined-first-pass",
               "includes-undefined", "recursion", "bad-percent", "empty-option-name",
               "unused-undefined-default", "malformed-header", "dup-default-option"]

SECTION_REF = re.compile(r"%\(([\w\-]+)/")


def usable(value, section):
    """Can `value` go into `section` without a certain reference loop? (A DEFAULT value naming
    known/, default/ or a section's option, or a section naming its own options, recurses
    until the interpolation depth limit: legal, but an error case, and the error injections
    cover those.)"""
    refs = SECTION_REF.findall("\n".join(value) if isinstance(value, list) else value)
    return not refs if section == "DEFAULT" else section not in refs


def pick(r, pool, section):
    return r.choice([v for v in pool if usable(v, section)])


class CaseFiles:
    """The files of one case: relative path -> list of lines (CRLF chosen per file)."""

    def __init__(self):
        self.files = {}
        self.crlf = set()
        self.raw_prefix = {}  # rel -> bytes written before the text (BOM, latin-1 comment)
        self.dirs = []

    def write(self, case_dir):
        for rel in self.dirs:
            os.makedirs(os.path.join(case_dir, rel), exist_ok=True)
        for rel, lines in self.files.items():
            path = os.path.join(case_dir, rel)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            eol = "\r\n" if rel in self.crlf else "\n"
            with open(path, "wb") as f:
                f.write(self.raw_prefix.get(rel, b"") + (eol.join(lines) + eol).encode("utf-8"))


class Generator:
    def __init__(self, stock_dir, seed):
        self.stock_dir = stock_dir
        self.seed = seed
        have = set(os.listdir(os.path.join(stock_dir, "filter.d")))
        self.stock_names = [n for n in STOCK_NAMES if n + ".conf" in have]
        actions = set(os.listdir(os.path.join(stock_dir, "action.d")))
        self.banactions = [b for b in BANACTIONS if b.startswith("%") or b + ".conf" in actions]

    # ---- value choices (each returns (value lines, tags)) -----------------------------------

    def v_enabled(self, r, section):
        if section == "DEFAULT":  # enabling every stock jail is slow: rare
            v = "true" if r.random() < 0.1 else r.choice(ENABLED_FALSE[:4])
            return [v], ["enabled-default:" + v]
        v = r.choice(ENABLED_TRUE) if r.random() < 0.6 else r.choice(ENABLED_FALSE)
        return [v], ["enabled:" + v]

    def v_ignoreip(self, r, section):
        n = r.randint(0, 5)
        tags = []
        words = r.sample(IGNOREIP_POOL, n)
        if r.random() < 0.3:
            words.insert(r.randint(0, len(words)), pick(r, IGNOREIP_INTERP, section))
            tags.append("ignoreip-interp")
        lines, cur = [], ""
        for i, w in enumerate(words):
            cur += w
            if i + 1 < len(words):
                sep = r.choice(IGNOREIP_SEPS)
                if "\t" in sep:
                    tags.append("ignoreip-tab")
                if "\u00a0" in sep:
                    tags.append("ignoreip-nbsp")
                if "," in sep:
                    tags.append("ignoreip-comma")
                if "\n" in sep:
                    lines.append(cur + sep.rstrip("\n"))
                    cur = ""
                    tags.append("ignoreip-newline")
                else:
                    cur += sep
        if cur or not lines:
            lines.append(cur)
        if r.random() < 0.1:
            lines[-1] += ","
        if any("/" in w for w in words):
            tags.append("ignoreip-cidr")
        if any(w.endswith((".org", ".net")) for w in words):
            tags.append("ignoreip-dns")
        if not words:
            tags.append("ignoreip-empty")
        return lines, tags

    def v_port(self, r, section):
        p = pick(r, PORTS, section)
        return [p], ["port-interp" if "%(" in p else "port"]

    def v_choice(self, pool, tag):
        def f(r, section):
            v = pick(r, pool, section)
            return (v if isinstance(v, list) else [v]), [tag + (":" + v if isinstance(v, str) else "")]
        return f

    def v_action(self, r, section):
        v = pick(r, ACTIONS, section)
        return (v if isinstance(v, list) else [v]), ["action"]

    def v_filter(self, r, section):
        return [r.choice(FILTERS)], ["filter"]

    def v_mode(self, r, section):
        return [r.choice(MODES)], ["mode"]

    def v_banaction(self, r, section):
        return [r.choice(self.banactions)], ["banaction"]

    def option_kinds(self, section):
        kinds = [("enabled", self.v_enabled, 25), ("ignoreip", self.v_ignoreip, 22),
                 ("port", self.v_port, 15), ("maxretry", self.v_choice(MAXRETRY, "maxretry"), 15),
                 ("bantime", self.v_choice(BANTIME, "bantime"), 12),
                 ("findtime", self.v_choice(FINDTIME, "findtime"), 6),
                 ("bantime.increment", self.v_choice(BOOLS, "bantime.increment"), 6),
                 ("bantime.factor", self.v_choice(FACTORS, "bantime.factor"), 2),
                 ("bantime.maxtime", self.v_choice(MAXTIMES, "bantime.maxtime"), 3),
                 ("ignoreself", self.v_choice(BOOLS, "ignoreself"), 3),
                 ("ignorecommand", self.v_choice(IGNORECOMMANDS, "ignorecommand"), 3),
                 ("backend", self.v_choice(BACKENDS, "backend"), 4),
                 ("banaction", self.v_banaction, 5), ("action", self.v_action, 4),
                 ("protocol", self.v_choice(PROTOCOLS, "protocol"), 2),
                 ("foo_unknown", self.v_choice(["bar", "%(port)s"], "unknown-option"), 2)]
        if section != "DEFAULT":
            kinds.append(("filter", self.v_filter, 4))
        if section in MODE_SECTIONS:
            kinds.append(("mode", self.v_mode, 4))
        # Custom variables, mostly in DEFAULT; a jail-level admin_net changes what a DEFAULT
        # mgmt_nets = ... %(admin_net)s means in that jail.
        kinds += [(k, self.v_choice(v, "custom-var" if section == "DEFAULT" else
                                    "custom-var-in-jail"), 4 if section == "DEFAULT" else 1)
                  for k, v in CUSTOM_VARS.items()]
        return kinds

    # ---- rendering --------------------------------------------------------------------------

    def render_option(self, r, name, lines, tags, indent_ok=False):
        """An option as file lines, with the syntax variations configparser accepts."""
        shown = name
        if r.random() < 0.1:
            shown = r.choice([name.upper(), name.title(), name.capitalize()])
            if shown != name:
                tags.append("option-case")
        delim = r.choice(DELIMS) if r.random() < 0.5 else " = "
        if ":" in delim:
            tags.append("colon-delimiter")
        first = lines[0]
        # An indented option line right after another option continues that option's value:
        # only done where the resulting value cannot break the jail's filter or action.
        indent = "  " if r.random() < 0.05 and indent_ok else ""
        if indent:
            tags.append("indented-option")
        out = [indent + shown + delim + first]
        for extra in lines[1:]:
            if r.random() < 0.15:
                out.append("")  # an empty line inside a value is kept in it
                tags.append("empty-line-in-value")
            if r.random() < 0.15:
                out.append(r.choice(CONT_INDENTS) + r.choice(["# inside", "; inside"]))
                tags.append("comment-in-value")
            # Continuation lines must be indented deeper than the option line; with an
            # indented option line that is sometimes (deliberately) not the case.
            cont = r.choice(CONT_INDENTS)
            if r.random() < 0.08:
                cont = r.choice([NBSP, NBSP + NBSP, EM_SPACE + " "])
                tags.append("unicode-space-indent")
            if indent and r.random() < 0.7:
                cont = indent + cont
            out.append(cont + extra)
            tags.append("continuation")
        safe_name = not name.startswith(("filter", "action", "banaction", "backend", "mode"))
        roll = r.random()
        if roll < 0.08 and (safe_name or name in ("filter", "action")):
            out[-1] += r.choice([" ; inline comment", "\t; tab then comment"])
            tags.append("inline-semicolon")
        elif roll < 0.12 and safe_name:
            out[-1] += r.choice([" # not a comment", ";not-a-comment"])
            tags.append("hash-or-tight-semicolon")
        elif roll < 0.15:
            out[-1] += "   "
            tags.append("trailing-space")
        elif roll < 0.19 and safe_name:
            # Text pasted from a web page: a no-break space (or another Unicode space) is
            # whitespace to Python's strip(), its inline-comment rule and its indentation.
            out[-1] += r.choice([NBSP, NBSP + "; pasted comment", EM_SPACE])
            tags.append("unicode-space-trailing")
        return out

    def render_section(self, r, name, options, tags):
        header = "[" + name + "]"
        roll = r.random()
        if roll < 0.05:
            header += " ; section comment"
            tags.append("header-comment")
        elif roll < 0.08:
            header += "  # trailing text"
            tags.append("header-trailing-text")
        out = [header]
        prev = None
        for opt_name, lines in options:
            if r.random() < 0.1:
                out.append(r.choice(COMMENTS))
                tags.append("full-line-comment")
            if r.random() < 0.08:
                out.append("")
            out += self.render_option(r, opt_name, lines, tags, prev in CONTINUABLE)
            prev = opt_name
        return out

    def section_body(self, r, section, tags, nmin=1, nmax=5):
        kinds = self.option_kinds(section)
        chosen, seen = [], set()
        for _ in range(r.randint(nmin, nmax)):
            name, fn, _w = r.choices(kinds, weights=[k[2] for k in kinds])[0]
            if name in seen:
                continue
            seen.add(name)
            lines, t = fn(r, section)
            tags += t
            chosen.append((name, lines))
        return chosen

    def pick_sections(self, r, names, k):
        pool = ["DEFAULT"] * 4 + names * 2 + ["default"]
        out = []
        for _ in range(k):
            s = r.choice(pool)
            if s not in out:
                out.append(s)
        return out

    # ---- files ------------------------------------------------------------------------------

    def mini_jail_conf(self, r, names, tags):
        lines = ["# generated jail.conf (lifeline fail2ban differential)"]
        paths = r.random() < 0.85
        if paths:
            lines += ["[INCLUDES]", "before = paths-debian.conf", ""]
            tags.append("includes-paths-debian")
        lines.append("[DEFAULT]")
        if not paths and r.random() < 0.8:
            lines += ["sshd_log = /var/log/auth.log", "sshd_backend = systemd"]
        for k, v in MINI_JAIL_DEFAULT:
            vv = v if isinstance(v, list) else [v]
            if k == "maxretry" and r.random() < 0.3:
                vv = [r.choice(["3", "4", "6"])]
            if k == "port" and r.random() < 0.2:
                vv = ["2222"]
            lines += self.render_option(r, k, vv, tags)
        if r.random() < 0.3:
            lines.append("ignoreip = 127.0.0.1/8 ::1")
            tags.append("default-ignoreip")
        lines.append("")
        lines += ["[sshd]", "port = ssh", "logpath = %(sshd_log)s", "backend = %(sshd_backend)s", ""]
        for name in names:
            if name == "sshd":
                continue
            body = self.section_body(r, name, tags, 0, 3)
            lines += self.render_section(r, name, body, tags) + [""]
        return lines

    def overlay(self, r, names, tags, sections_k=(1, 3)):
        lines = []
        for s in self.pick_sections(r, names, r.randint(*sections_k)):
            if s == "default":
                tags.append("lowercase-default")
            lines += self.render_section(r, s, self.section_body(r, s, tags), tags) + [""]
        return lines

    def add_includes(self, r, files, rel_dir, lines, names, tags, depth=0):
        """Prepends an [INCLUDES] section to `lines` and writes the included files."""
        entries = {"before": [], "after": []}
        for key in entries:
            if r.random() < 0.6:
                for _ in range(r.randint(1, 2)):
                    base = f"lifeline-inc-{r.randint(1, 3)}"
                    ext = r.choice([".conf", ".conf", ".inc"])
                    if r.random() < 0.05:
                        # Neither resolves to a readable file: silently skipped.
                        entries[key].append(r.choice(["%(__name__)s.conf", "a.conf b.conf"]))
                        tags.append("includes-odd-entry")
                        continue
                    entries[key].append(base + ext)
                    tags.append("includes-" + key)
        if not entries["before"] and not entries["after"]:
            entries["after"].append("lifeline-inc-9.conf")
            tags.append("includes-after")
        head = ["[INCLUDES]"]
        uses_var = r.random() < 0.15
        for key, names_ in entries.items():
            if not names_:
                continue
            shown = list(names_)
            if uses_var:
                shown = [n.replace("lifeline-inc", "%(incbase)s") for n in shown]
                tags.append("includes-interp")
            head += self.render_option(r, key, shown, tags)
            for n in names_:
                if "%" in n or " " in n:
                    continue
                rel = os.path.normpath(os.path.join(rel_dir, n))
                if r.random() < 0.1:
                    tags.append("includes-missing-file")
                    continue
                if rel not in files.files:
                    body = self.overlay(r, names, tags, (1, 2))
                    if depth == 0 and r.random() < 0.15:
                        body = self.add_includes(r, files, os.path.dirname(rel), body, names, tags, 1)
                    files.files[rel] = body
                    if r.random() < 0.25:
                        twin = os.path.splitext(rel)[0] + ".local"
                        files.files[twin] = self.overlay(r, names, tags, (1, 1))
                        tags.append("includes-local-twin")
        head.append("")
        if uses_var:
            head += ["[DEFAULT]", "incbase = lifeline-inc", ""]
        return head + lines

    # ---- error injections -------------------------------------------------------------------

    def inject_error(self, r, files, names, tags, kind):
        tags.append("error:" + kind)
        target = r.choice(sorted(k for k in files.files if k.startswith("jail.")
                                 and k != "jail.conf") or ["jail.local"])
        lines = files.files.setdefault(target, [])
        jail = r.choice(names)
        if kind == "dup-option":
            lines += [f"[{jail}]", "maxretry = 3", "bantime = 1h", "MaxRetry = 4"]
        elif kind == "dup-section":
            lines += [f"[{jail}]", "maxretry = 3", "", f"[{jail}]", "bantime = 1h"]
        elif kind == "malformed-line":
            lines += [f"[{jail}]", "maxretry = 3", "this line has no delimiter"]
        elif kind == "no-section-header":
            lines.insert(0, "maxretry = 3")
        elif kind == "undefined-enabled-jail":
            lines += [f"[{jail}]", "enabled = true", r.choice(["maxretry", "bantime", "ignoreip",
                                                               "findtime", "action"])
                      + " = %(not_defined_anywhere)s"]
        elif kind == "undefined-disabled-jail":
            lines += [f"[{jail}]", "enabled = false", r.choice(["maxretry", "bantime", "ignoreip"])
                      + " = %(not_defined_anywhere)s"]
        elif kind == "undefined-first-pass":
            lines += [f"[{jail}]", "enabled = false", r.choice(["backend", "filter"])
                      + " = %(not_defined_anywhere)s"]
        elif kind == "includes-undefined":
            files.files[target] = ["[INCLUDES]", "after = %(nowhere)s.conf", ""] + lines
        elif kind == "recursion":
            lines += ["[DEFAULT]", "loop_a = %(loop_b)s", "loop_b = %(loop_a)s", "",
                      f"[{jail}]", "enabled = true", "bantime = %(loop_a)s"]
        elif kind == "bad-percent":
            lines += [f"[{jail}]", "enabled = true", "ignorecommand = echo 50% done"]
        elif kind == "empty-option-name":
            lines += [f"[{jail}]", "= 3"]
        elif kind == "unused-undefined-default":
            lines += ["[DEFAULT]", "never_used = %(not_defined_anywhere)s"]
        elif kind == "malformed-header":
            lines += [f"[{jail}", "maxretry = 3"]
        elif kind == "depth-chain":
            # ConfigParser allows 10 levels: a chain of 9 references works, 10 does not.
            n = r.randint(7, 11)
            tags.append(f"depth-chain-{n}")
            lines += ["[DEFAULT]"] + [f"chain{k} = %(chain{k + 1})s" for k in range(n)] + [
                f"chain{n} = 1h", "", f"[{jail}]", "enabled = true", "bantime = %(chain0)s"]
        elif kind == "dup-default-option":
            lines += ["[DEFAULT]", "bantime = 1h", "[DEFAULT]", "bantime = 2h"]

    def odd_files(self, r, files, names, tags):
        """Files an editor or a package leaves behind: not UTF-8 (fail2ban skips the whole
        file), a UTF-8 byte order mark, and names or entries the jail.d globs must not read."""
        overlays = sorted(k for k in files.files if k.startswith("jail.") and k != "jail.conf")
        if overlays and r.random() < 0.07:
            k = r.choice(overlays)
            files.raw_prefix[k] = "# Ger\u00e4t im B\u00fcro\n".encode("latin-1")
            tags.append("latin1-file")
        elif overlays and r.random() < 0.04:
            files.raw_prefix[r.choice(overlays)] = b"\xef\xbb\xbf"
            tags.append("utf8-bom")
        if r.random() < 0.1:
            name = r.choice(["jail.d/.hidden.conf", "jail.d/99-off.conf.disabled",
                             "jail.d/README", "jail.d/50-old.local~", "jail.d/dir.conf/"])
            if name.endswith("/"):
                files.dirs.append(name)
            else:
                files.files[name] = ["[sshd]", "maxretry = 99", "enabled = false"]
            tags.append("ignored-jail.d-entry")

    # ---- a case -----------------------------------------------------------------------------

    def case(self, index):
        r = random.Random(f"{self.seed}:{index}")
        tags = []
        files = CaseFiles()
        names = [n for n in self.stock_names if n == "sshd" or r.random() < 0.35]
        names += [n for n in MARKER_FILTERS if n != "default" and r.random() < 0.3]
        stock = r.random() < 0.6
        tags.append("base:stock" if stock else "base:mini")
        if stock:
            for f in ("jail.conf", "paths-common.conf", "paths-debian.conf"):
                with open(os.path.join(self.stock_dir, f), encoding="utf-8") as fh:
                    files.files[f] = fh.read().rstrip("\n").split("\n")
        else:
            for f in ("paths-common.conf", "paths-debian.conf"):
                with open(os.path.join(self.stock_dir, f), encoding="utf-8") as fh:
                    files.files[f] = fh.read().rstrip("\n").split("\n")
            files.files["jail.conf"] = self.mini_jail_conf(r, names, tags)
        if r.random() < 0.9:
            files.files["jail.d/defaults-debian.conf"] = ["[sshd]", "enabled = true"]
        for _ in range(r.choice([0, 1, 1, 2, 3])):
            files.files[f"jail.d/{r.randint(10, 99)}-gen.conf"] = self.overlay(r, names, tags)
            tags.append("jail.d-conf")
        if r.random() < 0.7:
            files.files["jail.local"] = self.overlay(r, names, tags)
            tags.append("jail.local")
        for _ in range(r.choice([0, 0, 1, 2])):
            files.files[f"jail.d/{r.randint(10, 99)}-gen.local"] = self.overlay(r, names, tags)
            tags.append("jail.d-local")
        if r.random() < 0.75:
            files.files["jail.d/00-lifeline-vars.conf"] = ["[DEFAULT]"] + [
                f"{k} = {r.choice(v)}" for k, v in CUSTOM_VARS.items()]
            if r.random() < 0.6:
                files.files["jail.d/00-lifeline-vars.conf"].append("ignoreip = 127.0.0.1/8 ::1")
            tags.append("custom-vars")
        if r.random() < 0.1:
            files.files["paths-overrides.local"] = ["[DEFAULT]", r.choice(
                ["sshd_backend = systemd", "sshd_log = /var/log/secure", "sshd_backend = polling"])]
            tags.append("paths-overrides")
        overlays = [k for k in files.files if k.startswith("jail.") and k != "jail.conf"
                    or k.startswith("jail.d/")]
        for k in sorted(overlays):
            if r.random() < 0.2:
                files.files[k] = self.add_includes(r, files, os.path.dirname(k) or ".",
                                                   files.files[k], names, tags)
        # Every 7th case gets an injected error (some of which are not errors at all), the
        # kinds in turn, so that any run of 100 cases or more has each kind.
        if index % 7 == 3:
            self.inject_error(r, files, names, tags, ERROR_KINDS[(index // 7) % len(ERROR_KINDS)])
        for k in files.files:
            if k != "jail.conf" and r.random() < 0.04:
                files.crlf.add(k)
                tags.append("crlf")
        self.odd_files(r, files, names, tags)
        # Normalise "./x" paths produced by os.path.join(".", x).
        files.files = {os.path.normpath(k): v for k, v in files.files.items()}
        files.crlf = {os.path.normpath(k) for k in files.crlf}
        files.raw_prefix = {os.path.normpath(k): v for k, v in files.raw_prefix.items()}
        return files, sorted(set(tags))


def write_shared_filters(stock_dir, filter_dir):
    """filter.d for every case: the stock filters plus the marker filters."""
    os.makedirs(filter_dir, exist_ok=True)
    src = os.path.join(stock_dir, "filter.d")
    for name in os.listdir(src):
        dst = os.path.join(filter_dir, name)
        if not os.path.lexists(dst):
            os.symlink(os.path.join(src, name), dst)
    for name in MARKER_FILTERS:
        with open(os.path.join(filter_dir, name + ".conf"), "w") as f:
            f.write(MARKER_FILTER_TEXT.format(name=name))


def write_case(gen, index, case_dir, filter_dir):
    files, tags = gen.case(index)
    os.makedirs(case_dir)
    files.write(case_dir)
    for name, target in (("filter.d", filter_dir),
                         ("action.d", os.path.join(gen.stock_dir, "action.d")),
                         ("fail2ban.conf", os.path.join(gen.stock_dir, "fail2ban.conf"))):
        os.symlink(target, os.path.join(case_dir, name))
    return tags
