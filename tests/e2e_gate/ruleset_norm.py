#!/usr/bin/env python3
"""`nft -s list ruleset` (stdin) in a form two equal rulesets share (stdout), for gate_e2e.

What the kernel evaluates is kept: the tables in their order, each chain's type, hook, policy
and its rules in their order. What a faithful restore may change is dropped: the order in which
a table lists its chains (iptables-nft-restore creates them in its own order, ufw in another),
blank lines and nft's "managed by iptables-nft" comments. fail2ban's own chains (f2b-*) and the
jumps to them are dropped too: they are fail2ban's runtime state, rebuilt when the rollback
restarts it; the e2e case checks its bans separately.
"""

import sys


def normalise(lines):
    out = []
    chains = {}       # chain name -> its lines, within the current table
    chain = None      # name of the chain being read, or None
    for raw in lines:
        line = raw.rstrip("\n")
        if not line.strip() or line.startswith("#"):
            continue
        if line.startswith("table "):
            out.append(line)
            chains = {}
            continue
        if line == "}":  # end of a table: its chains by name
            for name in sorted(chains):
                out.extend(chains[name])
            out.append(line)
            continue
        if line.startswith("\tchain "):
            chain = line.split()[1]
            chains[chain] = [line]
            continue
        if chain is None:  # sets, maps, flowtables: kept in place
            out.append(line)
            continue
        chains[chain].append(line)
        if line == "\t}":
            chain = None
    return [line for line in out if not _fail2ban(line)]


def _fail2ban(line):
    return "jump f2b-" in line or "goto f2b-" in line


def drop_fail2ban_chains(lines):
    kept, skip = [], False
    for line in lines:
        if line.startswith("\tchain f2b-"):
            skip = True
        if not skip:
            kept.append(line)
        elif line == "\t}":
            skip = False
    return kept


if __name__ == "__main__":
    sys.stdout.write("\n".join(drop_fail2ban_chains(normalise(sys.stdin))) + "\n")
