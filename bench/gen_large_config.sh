#!/usr/bin/env bash
# Generates a large sshd host tree for benchmarks: Debian 12's stock sshd_config (which includes
# /etc/ssh/sshd_config.d/*.conf first) plus 200 drop-ins of 100 lines each, 10 Match blocks per
# file: 20,000 included lines, 2,000 Match blocks. The criteria mix User, Group, Address, Host,
# LocalPort and combinations, with a few blocks matching the benchmark connection
# (user=alice, addr=10.20.30.40, lport=22), so per-connection evaluation has real work to do.
#
# Usage: gen_large_config.sh ROOT [STOCK_SSHD_CONFIG]
#   ROOT               directory standing for / (created); gets etc/ssh/... and etc/passwd, etc/group
#   STOCK_SSHD_CONFIG  default /usr/share/openssh/sshd_config (from the openssh-server package)
set -euo pipefail
root=${1:?usage: gen_large_config.sh ROOT [STOCK_SSHD_CONFIG]}
stock=${2:-/usr/share/openssh/sshd_config}
files=200
blocks_per_file=10

mkdir -p "$root/etc/ssh/sshd_config.d"
cp "$stock" "$root/etc/ssh/sshd_config"

# Users and groups the Match blocks name, for tools that read ROOT/etc/passwd and ROOT/etc/group.
{
    echo 'root:x:0:0:root:/root:/bin/bash'
    echo 'sshd:x:100:65534::/run/sshd:/usr/sbin/nologin'
    echo 'alice:x:1000:1000:Alice:/home/alice:/bin/bash'
} >"$root/etc/passwd"
{
    echo 'root:x:0:'
    echo 'alice:x:1000:'
    for g in $(seq 0 49); do echo "team$g:x:$((2000 + g)):alice"; done
} >"$root/etc/group"

# One awk pass writes every drop-in (a shell loop over 2,000 blocks would dominate the setup).
awk -v dir="$root/etc/ssh/sshd_config.d" -v files="$files" -v per="$blocks_per_file" '
function criteria(i) {
    if (i % 100 == 7) return "User alice,u" i              # matches the benchmark connection
    if (i % 100 == 57) return "Address 10.20.0.0/16"        # matches addr=10.20.30.40
    k = i % 6
    if (k == 0) return "User u" i ",svc-" i "-*"
    if (k == 1) return "Group team" (i % 50)
    if (k == 2) return "Address 10." (i % 256) "." int(i / 256) ".0/24,!10." (i % 256) "." int(i / 256) ".1"
    if (k == 3) return "Host *.site" i ".example.org"
    if (k == 4) return "LocalPort " (2200 + i % 100)
    return "User u" i " Address 192.0.2." (i % 250) ",198.51.100.0/24"
}
BEGIN {
    for (f = 0; f < files; f++) {
        out = sprintf("%s/%03d-generated.conf", dir, f)
        printf "# Generated drop-in %d of %d: %d Match blocks.\n", f + 1, files, per > out
        for (b = 0; b < per; b++) {
            i = f * per + b
            if (b > 0) print "" > out
            print "Match " criteria(i) > out
            print "    PasswordAuthentication " (i % 2 ? "yes" : "no") > out
            print "    PubkeyAuthentication yes" > out
            print "    X11Forwarding no" > out
            print "    AllowTcpForwarding " (i % 3 ? "no" : "local") > out
            print "    PermitTTY yes" > out
            print "    MaxAuthTries " (3 + i % 5) > out
            print "    ClientAliveInterval " (60 + i % 240) > out
            print "    Banner " (i % 4 ? "none" : "/etc/issue.net") > out
        }
        close(out)
    }
}'
