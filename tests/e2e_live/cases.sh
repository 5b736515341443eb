# shellcheck shell=bash
# The cases of the live e2e suite (vocabulary: run_e2e.sh). Each `derive` block reads the real
# tools inside the case's namespaces, checks that the situation is what the case says (`fail`
# otherwise), and states the live-only findings lifeline must report, built from what the tools
# printed (line numbers of iptables-save, nft handles, the client's error, ss's sockets). Live-only
# rules: IPT008 IPT009 NFT010 F2B009 F2B010 SSHD070 SSHD071.

# The iptables files of most cases: iptables-persistent's /etc/iptables/rules.v4 and rules.v6.
ipt_files() {
    file /etc/iptables/rules.v4 <<'EOF'
*filter
:INPUT DROP [0:0]
:FORWARD DROP [0:0]
:OUTPUT ACCEPT [0:0]
:SSH - [0:0]
-A INPUT -i lo -j ACCEPT
-A INPUT -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT
-A INPUT -s 10.0.0.1,10.0.0.2 -p tcp --dport 80 -j ACCEPT
-A INPUT -p tcp --dport 22 -j SSH
-A SSH -s 198.51.100.0/24 -j DROP
-A SSH -m recent --set --name ssh
-A SSH -j ACCEPT
COMMIT
EOF
    file /etc/iptables/rules.v6 <<'EOF'
*filter
:INPUT DROP [0:0]
-A INPUT -i lo -j ACCEPT
-A INPUT -p tcp --dport ssh -j ACCEPT
COMMIT
EOF
    # As netfilter-persistent loads them at boot; then what the kernel holds right after, without
    # comments and counters, to compare with later.
    setup <<'EOF'
iptables-nft-restore </etc/iptables/rules.v4 || fail "iptables-nft-restore rules.v4 failed"
ip6tables-nft-restore </etc/iptables/rules.v6 || fail "ip6tables-nft-restore rules.v6 failed"
iptables-save | grep -v '^#' | sed 's/ \[[0-9]*:[0-9]*\]$//' >"$D/loaded.v4"
ip6tables-save | grep -v '^#' | sed 's/ \[[0-9]*:[0-9]*\]$//' >"$D/loaded.v6"
EOF
}

# --- clean: everything live is what the files say -------------------------------------------------
begin clean "rules, nftables, sshd and fail2ban as configured; a ban of an address no login needs"
ipt_files
file /etc/nftables.conf <<'EOF'
table inet e2e {
	chain input {
		type filter hook input priority 10; policy accept;
		tcp dport 22 accept
	}
}
EOF
setup <<'EOF'
nft -f /etc/nftables.conf || fail "nft -f /etc/nftables.conf failed"
EOF
fail2ban_conf
fail2ban_running
after <<'EOF'
fail2ban-client set sshd banip 203.0.113.9 >/dev/null || fail "fail2ban-client set sshd banip failed"
EOF
derive <<'EOF'
# The kernel holds what the files loaded, plus fail2ban's chain and jump (IPT008 leaves f2b-*
# out by default): no difference to report.
iptables-save | grep -v '^#' | sed 's/ \[[0-9]*:[0-9]*\]$//' >"$D/now.v4"
grep -q -- '-j f2b-sshd' "$D/now.v4" || fail "fail2ban's jump to f2b-sshd is not live"
grep -v 'f2b-' "$D/now.v4" | cmp -s - "$D/loaded.v4" || fail "the live IPv4 rules changed"
ip6tables-save | grep -v '^#' | sed 's/ \[[0-9]*:[0-9]*\]$//' | grep -v 'f2b-' |
    cmp -s - "$D/loaded.v6" || fail "the live IPv6 rules changed"
nft list table inet e2e >/dev/null || fail "table inet e2e is not loaded"
# iptables-nft's table is nft's too: nft's text listing says so (lifeline leaves it to iptables).
nft list ruleset 2>&1 >/dev/null | grep -q 'table ip filter is managed by iptables-nft' ||
    fail "nft does not name ip filter as iptables-nft's"
[[ $(fail2ban-client banned) == "[{'sshd': ['203.0.113.9']}]" ]] || fail "unexpected bans: $(fail2ban-client banned)"
# sshd listens where its configuration says.
[[ $(ss -tlnpH | grep -c '"sshd"') == 2 ]] && ss -tlnpH | grep '"sshd"' | grep -q ' 0\.0\.0\.0:22 ' &&
    ss -tlnpH | grep '"sshd"' | grep -q ' \[::\]:22 ' || fail "sshd does not listen on 0.0.0.0:22 and [::]:22"
EOF
access 'root@192.0.2.0/24'
finish

# --- IPT008: rules changed by hand ----------------------------------------------------------------
begin ipt-changed-by-hand "a drop inserted with iptables -I, the IPv6 policy set with ip6tables -P"
ipt_files
after <<'EOF'
iptables -I INPUT 1 -s 192.0.2.66 -j DROP
ip6tables -P INPUT ACCEPT
EOF
derive <<'EOF'
iptables-save >"$D/now.v4"
ip6tables-save >"$D/now.v6"
# Exactly one rule more than the file loaded, first in INPUT; the IPv6 policy is ACCEPT.
diff <(grep -v '^#' "$D/now.v4" | sed 's/ \[[0-9]*:[0-9]*\]$//') "$D/loaded.v4" |
    grep '^[<>]' >"$D/diff.v4"
[[ $(<"$D/diff.v4") == '< -A INPUT -s 192.0.2.66/32 -j DROP' ]] || fail "unexpected v4 change: $(<"$D/diff.v4")"
grep -q '^:INPUT ACCEPT' "$D/now.v6" || fail "the IPv6 INPUT policy is not ACCEPT"
n=$(line_of "$D/now.v4" '^-A INPUT -s 192\.0\.2\.66/32 -j DROP$')
l=$(line_of /etc/iptables/rules.v4 '^:INPUT ')
expect IPT008 warning /etc/iptables/rules.v4 "$l" "the running kernel has 1 rule in chain INPUT of table filter that the file does not load, first \`-A INPUT -s 192.0.2.66/32 -j DROP\` (<iptables-save>:$n) (/etc/iptables/rules.v4 loads at boot)"
l=$(line_of /etc/iptables/rules.v6 '^:INPUT ')
expect IPT008 warning /etc/iptables/rules.v6 "$l" "the running kernel's policy of filter INPUT is ACCEPT, the file sets DROP (/etc/iptables/rules.v6 loads at boot)"
EOF
finish

# --- IPT008: legacy rules next to the nft backend -------------------------------------------------
begin ipt-legacy-leftover "the files loaded with iptables-nft, and a drop added with iptables-legacy"
ipt_files
after <<'EOF'
iptables-legacy -A INPUT -s 203.0.113.0/24 -j DROP
EOF
derive <<'EOF'
iptables-save 2>&1 >/dev/null | grep -q 'iptables-legacy tables present' ||
    fail "iptables-nft-save does not warn about the legacy tables"
iptables-legacy-save >"$D/legacy.v4"
grep -q -x -- '-A INPUT -s 203.0.113.0/24 -j DROP' "$D/legacy.v4" || fail "the legacy rule is not live"
n=$(line_of "$D/legacy.v4" '^\*filter$')
expect IPT008 warning '<iptables-legacy-save>' "$n" "iptables-legacy: table filter is loaded (<iptables-legacy-save>:$n) but no file creates it (/etc/iptables/rules.v4 loads at boot)"
EOF
finish

# --- IPT009 and NFT010: nft rules in iptables-nft's table -----------------------------------------
begin nft-rule-in-iptables-table "a rule added with nft to iptables-nft's table: iptables-save cannot list it"
ipt_files
after <<'EOF'
nft add rule ip filter INPUT meta cpu 1 accept || fail "nft add rule failed"
EOF
derive <<'EOF'
iptables-save >/dev/null 2>"$D/save.err"
rc=$?
((rc != 0)) || fail "iptables-save lists the table although nft changed it"
expect IPT009 info '<iptables-save>' 0 "the live iptables rules were not read: \`iptables-save\` exited with status $rc: $(last_line "$D/save.err")"
# nft lists the table; the rules it shows only as `xt ...` (iptables-nft's recent match) are not
# nft syntax. With iptables-save failing, nobody else shows them.
nft -a list ruleset >"$D/listing" 2>/dev/null || fail "nft -a list ruleset failed"
xt=$(awk '/^table /{t=$2" "$3} /^\tchain /{c=$2} /^\t\txt /{print "table " t " chain " c " handle " $NF}' "$D/listing")
[[ $(wc -l <<<"$xt") == 1 && -n $xt ]] || fail "expected one xt rule, nft lists: $xt"
expect NFT010 info '<nft -j list ruleset>' 0 "1 live rule could not be read ($xt: neither its JSON nor its text listing reads as nft syntax): verdicts of the families they concern are unknown"
EOF
finish

# --- F2B009: a must_login address banned right now ------------------------------------------------
begin f2b-banned-now "fail2ban bans 192.0.2.7, which --access root@192.0.2.0/24 needs"
fail2ban_conf
fail2ban_running
setup <<'EOF'
ip addr add 192.0.2.7/32 dev lo && ip addr add 192.0.2.8/32 dev lo || fail "ip addr add failed"
EOF
after <<'EOF'
fail2ban-client set sshd banip 192.0.2.7 >/dev/null || fail "fail2ban-client set sshd banip failed"
EOF
derive <<'EOF'
[[ $(fail2ban-client banned) == "[{'sshd': ['192.0.2.7']}]" ]] || fail "unexpected bans: $(fail2ban-client banned)"
# The ban is real: from 192.0.2.7 sshd's port refuses, from 192.0.2.8 sshd answers.
banner() {
    "$PY" -c '
import socket, sys
s = socket.socket(); s.settimeout(3); s.bind((sys.argv[1], 0))
try:
    s.connect(("192.0.2.8", 22)); print(s.recv(7).decode())
except OSError as e:
    print(type(e).__name__)' "$1"
}
[[ $(banner 192.0.2.8) == SSH-2.0 ]] || fail "sshd does not answer 192.0.2.8: $(banner 192.0.2.8)"
[[ $(banner 192.0.2.7) == ConnectionRefusedError ]] || fail "192.0.2.7 is not refused: $(banner 192.0.2.7)"
l=$(line_of /etc/fail2ban/jail.conf '^\[sshd\]')
expect F2B009 error /etc/fail2ban/jail.conf "$l" "--access root@192.0.2.0/24: 192.0.2.7 is banned right now by jail [sshd], whose bans block port 22: the login from there fails until the ban ends"
EOF
access 'root@192.0.2.0/24'
finish

# --- F2B010 and SSHD071: the daemons are stopped --------------------------------------------------
begin daemons-stopped "fail2ban configured but not running, sshd not running"
fail2ban_conf
sshd_stopped
derive <<'EOF'
fail2ban-client banned >/dev/null 2>"$D/client.err"
rc=$?
grep -q 'Is fail2ban running?' "$D/client.err" || fail "fail2ban-client does not say fail2ban is not running"
# lifeline quotes the client's log line without its time stamp, logger and pid, blanks made one.
why=$(last_line "$D/client.err" | sed -E 's/^[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9:]{8},[0-9]+ +[^ ]+ +\[[0-9]+\]: //; s/ +/ /g')
expect F2B010 info '<fail2ban-client banned>' 0 "fail2ban is not running (\`fail2ban-client banned\` exited with status $rc: $why): nothing is banned now; its jails ban again once it starts"
ss -tlnpH | grep -q '"sshd"' && fail "an sshd listens"
expect SSHD071 info '<ss -tlnpH>' 0 "no process named sshd listens on a TCP socket (\`ss -tlnpH\`): sshd is not running, so its configuration takes effect when it starts"
EOF
finish

# --- SSHD070: sshd_config changed, sshd not restarted ---------------------------------------------
begin sshd-not-restarted "sshd runs on Port 22; the file now says Port 2222"
after <<'EOF'
sed -i 's/^Port 22$/Port 2222/' /etc/ssh/sshd_config
EOF
derive <<'EOF'
# What the running sshd listens on (ss) and what the file makes it listen on (sshd -T), IPv4
# first (lifeline lists endpoints in that order).
endpoints() { sort -t' ' -k1,1 | cut -d' ' -f2 | paste -sd, | sed 's/,/, /g'; }
have=$(ss -tlnpH | awk '/"sshd"/ {print ($4 ~ /^\[/ ? 6 : 4) " " $4}' | endpoints)
want=$(/usr/sbin/sshd -T -f /etc/ssh/sshd_config | awk '$1 == "listenaddress" {print ($2 ~ /^\[/ ? 6 : 4) " " $2}' | endpoints)
[[ $have == "0.0.0.0:22, [::]:22" && $want == "0.0.0.0:2222, [::]:2222" ]] ||
    fail "sshd listens on '$have', sshd -T says '$want'"
l=$(line_of /etc/ssh/sshd_config '^Port ')
expect SSHD070 warning /etc/ssh/sshd_config "$l" "the running sshd listens on $have, but its configuration says $want (not listening: $want): sshd was not restarted since the change, or runs with another configuration"
EOF
finish

# --- no IPT009 on an nftables-only host -----------------------------------------------------------
begin nft-only-host "iptables is not installed (its alternatives lead nowhere), /etc/nftables.conf is loaded"
file /etc/nftables.conf <<'EOF2'
flush ruleset
table inet filter {
	chain input {
		type filter hook input priority filter; policy drop;
		iif "lo" accept
		ct state established,related accept
		tcp dport 22 accept
	}
}
EOF2
setup <<'EOF2'
nft -f /etc/nftables.conf || fail "nft -f /etc/nftables.conf failed"
# What a host without the iptables package has: no iptables-save or ip6tables-save to run.
rm -f /etc/alternatives/iptables-save /etc/alternatives/ip6tables-save
EOF2
derive <<'EOF2'
[[ ! -x /usr/sbin/iptables-save && ! -x /usr/sbin/ip6tables-save ]] || fail "iptables-save can still run"
nft list table inet filter >/dev/null || fail "table inet filter is not loaded"
# Nothing was loaded through iptables, nft reads every rule: no live finding.
EOF2
finish
