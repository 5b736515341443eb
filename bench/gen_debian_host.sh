#!/usr/bin/env bash
# Generates a host tree with Debian 12's default sshd setup: the stock sshd_config shipped by
# openssh-server (which includes /etc/ssh/sshd_config.d/*.conf on its first active line) plus
# three drop-ins of the kind provisioning tools and admins add.
#
# Usage: gen_debian_host.sh ROOT [STOCK_SSHD_CONFIG]
set -euo pipefail
root=${1:?usage: gen_debian_host.sh ROOT [STOCK_SSHD_CONFIG]}
stock=${2:-/usr/share/openssh/sshd_config}

mkdir -p "$root/etc/ssh/sshd_config.d"
cp "$stock" "$root/etc/ssh/sshd_config"

cat >"$root/etc/ssh/sshd_config.d/50-cloud-init.conf" <<'EOF'
PasswordAuthentication no
EOF
cat >"$root/etc/ssh/sshd_config.d/60-hardening.conf" <<'EOF'
# Site hardening
PermitRootLogin prohibit-password
MaxAuthTries 3
LoginGraceTime 30
ClientAliveInterval 300
ClientAliveCountMax 2
AllowGroups sshusers sftponly
EOF
cat >"$root/etc/ssh/sshd_config.d/70-sftp.conf" <<'EOF'
Match Group sftponly
    ChrootDirectory /srv/sftp/%u
    ForceCommand internal-sftp
    AllowTcpForwarding no
    X11Forwarding no
EOF

cat >"$root/etc/passwd" <<'EOF'
root:x:0:0:root:/root:/bin/bash
sshd:x:100:65534::/run/sshd:/usr/sbin/nologin
alice:x:1000:1000:Alice:/home/alice:/bin/bash
upload:x:1001:1001::/srv/sftp/upload:/usr/sbin/nologin
EOF
cat >"$root/etc/group" <<'EOF'
root:x:0:
alice:x:1000:
upload:x:1001:
sshusers:x:2000:alice
sftponly:x:2001:upload
EOF
