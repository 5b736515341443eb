#!/usr/bin/env bash
# Generates a git repository of N host trees (default 1,000) of the kind configuration management
# keeps: hosts/hNNNN/ with a Debian-style sshd_config plus a drop-in, a firewall (nftables on even
# hosts, iptables-save rules on odd ones) that admits ssh from the admin network and the office, a
# fail2ban jail.local whose ignoreip spares the admin network, passwd/group, and the admin's key
# (no host keys: a configuration repository does not hold them, so no HostKey line names any).
# The .lifeline.yaml maps hosts/*/ and says `ops` must keep logging in from 198.51.100.0/24.
# Everything is committed (without hooks). Every host lints clean, so the timings measure the
# work of a passing commit; the host numbers vary ports of secondary services and the office
# network, so no two hosts' files are identical (no blob is shared between roots).
#
# Usage: gen_config_repo.sh DIR [N]
set -euo pipefail
dir=${1:?usage: gen_config_repo.sh DIR [N]}
count=${2:-1000}

mkdir -p "$dir"
cd "$dir"
export GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_NOSYSTEM=1
git init -q -b main .
git config user.name "Bench"
git config user.email "bench@example.org"

cat >.lifeline.yaml <<'EOF'
# Every directory under hosts/ is one machine's /.
extends: lockout
hosts: ["hosts/*/"]
must_login:
  - user: ops
    from: [198.51.100.0/24]
EOF

write_host() {
    local i=$1 root
    root=$(printf 'hosts/h%04d' "$i")
    local office="10.$((i / 250)).$((i % 250)).0/24"
    local extra_port=$((8000 + i))
    mkdir -p "$root/etc/ssh/sshd_config.d" "$root/etc/fail2ban" "$root/home/ops/.ssh" \
        "$root/root/.ssh" "$root/bin"
    cat >"$root/etc/ssh/sshd_config" <<EOF
# $root: managed by configuration management
Include /etc/ssh/sshd_config.d/*.conf
Port 22
AddressFamily any
ListenAddress 0.0.0.0
ListenAddress ::
SyslogFacility AUTH
LogLevel VERBOSE
LoginGraceTime 30
PermitRootLogin prohibit-password
StrictModes yes
MaxAuthTries 3
MaxSessions 4
PubkeyAuthentication yes
AuthorizedKeysFile .ssh/authorized_keys
PasswordAuthentication no
KbdInteractiveAuthentication no
UsePAM yes
X11Forwarding no
PrintMotd no
ClientAliveInterval 300
ClientAliveCountMax 2
AcceptEnv LANG LC_*
Subsystem sftp /usr/lib/openssh/sftp-server
Match Address $office
    MaxAuthTries 6
EOF
    cat >"$root/etc/ssh/sshd_config.d/50-site.conf" <<EOF
# site defaults, host $i
Banner /etc/issue.net
AllowGroups ops sshusers
EOF
    if ((i % 2 == 0)); then
        mkdir -p "$root/etc"
        cat >"$root/etc/nftables.conf" <<EOF
#!/usr/sbin/nft -f
flush ruleset

table inet filter {
	set admin_nets {
		type ipv4_addr
		flags interval
		elements = { 198.51.100.0/24, $office }
	}

	chain input {
		type filter hook input priority filter; policy drop;
		iif "lo" accept
		ct state established,related accept
		ct state invalid drop
		ip protocol icmp accept
		meta l4proto ipv6-icmp accept
		tcp dport 22 ip saddr @admin_nets accept
		tcp dport 22 ip6 saddr 2001:db8:100::/48 accept
		tcp dport { 80, 443 } accept
		tcp dport $extra_port ip saddr $office accept
		counter drop
	}

	chain forward {
		type filter hook forward priority filter; policy drop;
	}

	chain output {
		type filter hook output priority filter; policy accept;
	}
}
EOF
    else
        mkdir -p "$root/etc/iptables"
        cat >"$root/etc/iptables/rules.v4" <<EOF
# Generated for $root
*filter
:INPUT DROP [0:0]
:FORWARD DROP [0:0]
:OUTPUT ACCEPT [0:0]
:SSH - [0:0]
-A INPUT -i lo -j ACCEPT
-A INPUT -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT
-A INPUT -m conntrack --ctstate INVALID -j DROP
-A INPUT -p icmp -j ACCEPT
-A INPUT -p tcp --dport 22 -j SSH
-A INPUT -p tcp -m multiport --dports 80,443 -j ACCEPT
-A INPUT -s $office -p tcp --dport $extra_port -j ACCEPT
-A SSH -s 198.51.100.0/24 -j ACCEPT
-A SSH -s $office -j ACCEPT
-A SSH -j DROP
COMMIT
EOF
    fi
    cat >"$root/etc/fail2ban/jail.local" <<EOF
[DEFAULT]
ignoreip = 127.0.0.1/8 ::1 198.51.100.0/24
bantime = 1h
findtime = 10m
maxretry = 5
banaction = nftables-multiport

[sshd]
enabled = true
port = ssh
maxretry = 3
bantime = $((600 + i))
EOF
    cat >"$root/etc/passwd" <<EOF
root:x:0:0:root:/root:/bin/bash
sshd:x:100:65534::/run/sshd:/usr/sbin/nologin
ops:x:1000:1000:Operations,,,:/home/ops:/bin/bash
deploy$i:x:1001:1001::/home/deploy:/bin/bash
EOF
    cat >"$root/etc/group" <<EOF
root:x:0:
ops:x:1000:ops
sshusers:x:1001:deploy$i
EOF
    : >"$root/bin/bash"
    chmod 0755 "$root/bin/bash"
    printf 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBenchOpsKey%04d ops@admin\n' "$i" \
        >"$root/home/ops/.ssh/authorized_keys"
    printf 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBenchRootKey%04d root@admin\n' "$i" \
        >"$root/root/.ssh/authorized_keys"
}

for ((i = 0; i < count; i++)); do write_host "$i"; done
git add -A
git commit -q --no-verify -m "$count hosts"
