#!/usr/bin/env bash
# Generates a large nft host tree for benchmarks: ROOT/etc/nftables.conf with `flush ruleset`,
# defines, named sets (interval, concatenated, dynamic), a verdict map and 50,000 rules over 100
# regular chains an inet input chain jumps to, plus an ip nat table. The rules mix what real
# rulesets use: addresses and prefixes, ports and port sets, ct state, interfaces, limits,
# counters, logs, set lookups, vmaps, marks and rejects. Deterministic: the same file each run.
# `nft -c -f ROOT/etc/nftables.conf` accepts it (check inside `unshare -n`).
#
# Usage: gen_nft_rules.sh ROOT [RULES]
#   ROOT   directory standing for / (created); gets etc/nftables.conf
#   RULES  number of rules in the regular chains (default 50000)
set -euo pipefail
root=${1:?usage: gen_nft_rules.sh ROOT [RULES]}
rules=${2:-50000}
chains=100
mkdir -p "$root/etc"

awk -v rules="$rules" -v chains="$chains" '
BEGIN {
    print "#!/usr/sbin/nft -f"
    print "flush ruleset"
    print ""
    print "define ADMINS = { 192.0.2.0/24, 198.51.100.7 }"
    print "define SSH_PORTS = { 22, 2222 }"
    print ""
    print "table inet filter {"
    print "\tset allow4 {"
    print "\t\ttype ipv4_addr"
    print "\t\tflags interval"
    printf "\t\telements = { "
    for (i = 0; i < 200; i++) printf "%s10.%d.%d.0/24", (i ? ", " : ""), int(i / 250), i % 250
    print " }"
    print "\t}"
    print "\tset pairs {"
    print "\t\ttype ipv4_addr . inet_service"
    printf "\t\telements = { "
    for (i = 0; i < 100; i++) printf "%s172.16.%d.%d . %d", (i ? ", " : ""), int(i / 250), i % 250 + 1, 1000 + i
    print " }"
    print "\t}"
    print "\tset banned { type ipv4_addr; flags dynamic, timeout; timeout 10m; }"
    print "\tmap ports { type inet_service : verdict; elements = { 80 : accept, 443 : accept, 25 : drop } }"
    print ""
    print "\tchain input {"
    print "\t\ttype filter hook input priority filter; policy drop;"
    print "\t\tct state established,related accept"
    print "\t\tct state invalid drop"
    print "\t\tiif lo accept"
    print "\t\ticmpv6 type { nd-neighbor-solicit, nd-neighbor-advert, nd-router-advert } accept"
    print "\t\ttcp dport $SSH_PORTS ip saddr $ADMINS accept"
    print "\t\tip saddr @banned drop"
    for (c = 0; c < chains; c++) printf "\t\tip saddr 10.%d.0.0/16 jump c%d\n", c, c
    print "\t}"
    per = int(rules / chains)
    n = 0
    for (c = 0; c < chains; c++) {
        printf "\n\tchain c%d {\n", c
        for (j = 0; j < per && n < rules; j++) {
            k = n % 12
            a = (n * 7) % 250; b = (n * 13) % 250; p = 1024 + (n % 60000)
            if (k == 0) printf "\t\tip saddr 10.%d.%d.%d tcp dport %d accept\n", c, a, b, p
            else if (k == 1) printf "\t\tip saddr 10.%d.%d.0/24 tcp dport { %d, %d, %d-%d } counter accept\n", c, a, p, p + 1, p + 10, p + 20
            else if (k == 2) printf "\t\tct state new udp dport %d ip daddr 192.168.%d.%d accept\n", p, a, b
            else if (k == 3) printf "\t\tiifname \"eth%d\" tcp dport %d limit rate %d/minute burst 5 packets accept\n", n % 8, p, 10 + n % 50
            else if (k == 4) printf "\t\tip6 saddr 2001:db8:%x::/48 tcp dport %d accept\n", n % 65536, p
            else if (k == 5) printf "\t\tip saddr @allow4 tcp dport %d counter packets 0 bytes 0 accept\n", p
            else if (k == 6) printf "\t\tip saddr . tcp dport @pairs accept\n"
            else if (k == 7) printf "\t\ttcp dport vmap @ports\n"
            else if (k == 8) printf "\t\ttcp flags syn tcp dport %d meta mark set 0x%x\n", p, n % 4096
            else if (k == 9) printf "\t\tip saddr != 10.%d.0.0/16 tcp dport %d log prefix \"c%d: \" drop\n", c, p, c
            else if (k == 10) printf "\t\tmeta l4proto { tcp, udp } th dport %d ct state { new, established } accept\n", p
            else printf "\t\tip daddr 10.%d.%d.%d reject with icmpx type admin-prohibited\n", c, a, b
            n++
        }
        print "\t\treturn"
        print "\t}"
    }
    print "}"
    print ""
    print "table ip nat {"
    print "\tchain prerouting {"
    print "\t\ttype nat hook prerouting priority dstnat; policy accept;"
    print "\t\ttcp dport 2200 redirect to :22"
    print "\t}"
    print "}"
}' >"$root/etc/nftables.conf"
