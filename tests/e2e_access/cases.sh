# shellcheck shell=bash disable=SC2086,SC2154,SC2016  # addresses come from lib.sh and hold no spaces
# The cases: one host tree each, then logins tried for real and asked of lifeline.
# `login USER SRC DST PORT EXPECT [KEY...]`: EXPECT is what the real sshd does (checked too: a
# wrong expectation means the harness or its author is wrong, not lifeline).
# Standard tree (lib.sh tree_new): alice(staff) bob(devs) carol(devs,wheel) dave(no key)
# erin(primary group devs) svc(nologin shell), root; nobody has a password; one key each.
# Server 10.77.0.1 / 10.77.0.10 / fd77::1 / fd77::10; client 10.77.0.2 / .3, 10.88.0.2, fd77::2 / ::3.
s4=$k_srv4 s4b=$k_srv4_b s6=$k_srv6 s6b=$k_srv6_b
c4=$k_cli4 c4b=$k_cli4_b c4far=$k_cli4_far c6=$k_cli6 c6b=$k_cli6_b

# --- baseline -------------------------------------------------------------------------------------
begin baseline "key logins with passwords off; dave has no key; svc's shell is nologin"
conf </dev/null
login alice $c4 $s4 22 allowed
login bob $c4far $s4 22 allowed
login alice $c6 $s6 22 allowed
login root $c4 $s4 22 allowed
login dave $c4 $s4 22 denied
login dave $c4 $s4 22 denied alice
login svc $c4 $s4 22 denied
finish

# --- AllowUsers / DenyUsers -----------------------------------------------------------------------
begin allow_users "AllowUsers alice carol"
conf <<'EOF'
AllowUsers alice carol
EOF
login alice $c4 $s4 22 allowed
login carol $c4 $s4 22 allowed
login bob $c4 $s4 22 denied
login root $c4 $s4 22 denied
finish

begin allow_users_comma "AllowUsers alice,bob is ONE pattern that matches nobody"
conf <<'EOF'
AllowUsers alice,bob
EOF
login alice $c4 $s4 22 denied
login bob $c4 $s4 22 denied
finish

begin allow_users_comma_space "AllowUsers alice, bob: the pattern 'alice,' locks alice out"
conf <<'EOF'
AllowUsers alice, bob
EOF
login alice $c4 $s4 22 denied
login bob $c4 $s4 22 allowed
finish

begin allow_users_cidr "AllowUsers alice@10.88.0.0/24 bob"
conf <<'EOF'
AllowUsers alice@10.88.0.0/24 bob
EOF
login alice $c4far $s4 22 allowed
login alice $c4 $s4 22 denied
login alice $c6 $s6 22 denied
login bob $c4 $s4 22 allowed
finish

begin allow_users_hostpatterns "user@host patterns: exact IPv6, wildcard IPv4, negation, DNS name"
conf <<'EOF'
AllowUsers alice@fd77::2 bob@10.77.0.* carol@10.77.0.0/24,!10.77.0.3 erin@*.example.com
EOF
login alice $c6 $s6 22 allowed
login alice $c6b $s6 22 denied
login bob $c4b $s4 22 allowed
login bob $c4far $s4 22 denied
login carol $c4 $s4 22 allowed
login carol $c4b $s4 22 denied
login erin $c4 $s4 22 denied
finish

begin deny_users "DenyUsers bob@10.77.0.3 and a wildcard"
conf <<'EOF'
DenyUsers bob@10.77.0.3 car*
EOF
login bob $c4 $s4 22 allowed
login bob $c4b $s4 22 denied
login alice $c4b $s4 22 allowed
login carol $c4 $s4 22 denied
finish

begin deny_beats_allow "DenyUsers wins over AllowUsers"
conf <<'EOF'
AllowUsers alice bob
DenyUsers b?b
EOF
login alice $c4 $s4 22 allowed
login bob $c4 $s4 22 denied
finish

# --- AllowGroups / DenyGroups ---------------------------------------------------------------------
begin allow_groups "AllowGroups devs: supplementary (bob, carol) and primary (erin) membership"
conf <<'EOF'
AllowGroups devs
EOF
login bob $c4 $s4 22 allowed
login carol $c4 $s4 22 allowed
login erin $c4 $s4 22 allowed
login alice $c4 $s4 22 denied
finish

begin deny_groups "DenyGroups wheel hits carol's supplementary group"
conf <<'EOF'
DenyGroups wheel
EOF
login carol $c4 $s4 22 denied
login bob $c4 $s4 22 allowed
finish

begin allow_users_and_groups "AllowUsers and AllowGroups must both pass"
conf <<'EOF'
AllowUsers alice carol root
AllowGroups devs
EOF
login carol $c4 $s4 22 allowed
login alice $c4 $s4 22 denied
login bob $c4 $s4 22 denied
login root $c4 $s4 22 denied
finish

begin allow_groups_comma "AllowGroups devs,staff is one pattern: nobody is in it"
conf <<'EOF'
AllowGroups devs,staff
EOF
login alice $c4 $s4 22 denied
login bob $c4 $s4 22 denied
finish

# --- Match blocks ---------------------------------------------------------------------------------
begin match_address "Match Address turns public keys off for 10.88.0.0/24"
conf <<'EOF'
Match Address 10.88.0.0/24
    PubkeyAuthentication no
EOF
login alice $c4far $s4 22 denied
login alice $c4 $s4 22 allowed
login alice $c6 $s6 22 allowed
finish

begin match_address_negation "Match Address with only a negation never matches"
conf <<'EOF'
Match Address !10.77.0.2
    PubkeyAuthentication no
EOF
login alice $c4 $s4 22 allowed
login alice $c4b $s4 22 allowed
finish

begin match_address_wildcard_negation "Match Address 10.*,!10.77.0.2: everyone from 10/8 but .2"
conf <<'EOF'
Match Address 10.*,!10.77.0.2
    PubkeyAuthentication no
EOF
login alice $c4 $s4 22 allowed
login alice $c4b $s4 22 denied
login alice $c4far $s4 22 denied
login alice $c6 $s6 22 allowed
finish

begin match_user_and_address "Match User alice Address 10.77.0.3: both criteria must hold"
conf <<'EOF'
Match User alice Address 10.77.0.3
    PubkeyAuthentication no
EOF
login alice $c4b $s4 22 denied
login alice $c4 $s4 22 allowed
login bob $c4b $s4 22 allowed
finish

begin match_user_two_keys "Match User bob: AuthenticationMethods publickey,publickey"
add_key bob bob2
conf <<'EOF'
Match User bob,carol
    AuthenticationMethods publickey,publickey
EOF
login bob $c4 $s4 22 allowed bob bob2
login carol $c4 $s4 22 denied
login alice $c4 $s4 22 allowed
finish

begin match_group_pubkey_off "Match Group wheel (supplementary) turns public keys off"
conf <<'EOF'
Match Group wheel
    PubkeyAuthentication no
EOF
login carol $c4 $s4 22 denied
login bob $c4 $s4 22 allowed
finish

begin match_group_password_needed "Match Group devs wants publickey,password with passwords off"
conf <<'EOF'
Match Group devs
    AuthenticationMethods publickey,password
EOF
login bob $c4 $s4 22 denied
login erin $c4 $s4 22 denied
login alice $c4 $s4 22 allowed
finish

begin match_group_password_unset "passwords on, but devs need a password none of them has"
conf_raw <<'EOF'
UsePAM yes
KbdInteractiveAuthentication no
PasswordAuthentication yes
Match Group devs
    AuthenticationMethods publickey,password
EOF
login bob $c4 $s4 22 denied
login alice $c4 $s4 22 allowed
login dave $c4 $s4 22 denied
finish

begin match_localport "Port 22 and 2222; Match LocalPort 2222 turns keys off"
conf <<'EOF'
Port 22
Port 2222
Match LocalPort 2222
    PubkeyAuthentication no
EOF
login alice $c4 $s4 22 allowed
login alice $c4 $s4 2222 denied
login alice $c6 $s6 2222 denied
finish

begin match_localaddress "Match LocalAddress 10.77.0.10 turns keys off"
conf <<'EOF'
Match LocalAddress 10.77.0.10
    PubkeyAuthentication no
EOF
login alice $c4 $s4 22 allowed
login alice $c4 $s4b 22 denied
finish

begin match_first_wins "two matching blocks: the first value obtained wins"
conf <<'EOF'
Match User alice
    PubkeyAuthentication no
Match all
    PubkeyAuthentication yes
EOF
login alice $c4 $s4 22 denied
login bob $c4 $s4 22 allowed
finish

begin match_deny_users "AllowUsers/DenyUsers inside Match replace the global list"
conf <<'EOF'
AllowUsers alice bob carol
Match Address 10.88.0.0/24
    AllowUsers carol
Match User bob
    DenyUsers bob
EOF
login bob $c4 $s4 22 denied
login alice $c4 $s4 22 allowed
login alice $c4far $s4 22 denied
login carol $c4far $s4 22 allowed
finish

begin include_dropin "Include of sshd_config.d/*.conf carries AllowUsers"
conf <<'EOF'
Include /etc/ssh/sshd_config.d/*.conf
EOF
tfile etc/ssh/sshd_config.d/10-users.conf 644 0:0 <<'EOF'
AllowUsers carol
EOF
login carol $c4 $s4 22 allowed
login alice $c4 $s4 22 denied
finish

# --- PermitRootLogin (root holds a key) -----------------------------------------------------------
begin root_no "PermitRootLogin no"
conf <<'EOF'
PermitRootLogin no
EOF
login root $c4 $s4 22 denied
login alice $c4 $s4 22 allowed
finish

begin root_yes "PermitRootLogin yes"
conf <<'EOF'
PermitRootLogin yes
EOF
login root $c4 $s4 22 allowed
finish

begin root_prohibit_password "PermitRootLogin prohibit-password and its alias without-password"
conf <<'EOF'
PermitRootLogin without-password
EOF
login root $c4 $s4 22 allowed
login root $c6 $s6 22 allowed
finish

begin root_forced_commands_plain_key "PermitRootLogin forced-commands-only, key without command="
conf <<'EOF'
PermitRootLogin forced-commands-only
EOF
login root $c4 $s4 22 denied
finish

begin root_forced_commands_with_command "PermitRootLogin forced-commands-only, key with command="
trm root/.ssh/authorized_keys
add_key root root 'command="/bin/true"'
conf <<'EOF'
PermitRootLogin forced-commands-only
EOF
login root $c4 $s4 22 allowed
finish

begin root_match_address "PermitRootLogin no only from 10.88.0.0/24"
conf <<'EOF'
PermitRootLogin prohibit-password
Match Address 10.88.0.0/24
    PermitRootLogin no
EOF
login root $c4 $s4 22 allowed
login root $c4far $s4 22 denied
finish

begin root_not_in_allow_groups "PermitRootLogin yes, but AllowGroups devs leaves root out"
conf <<'EOF'
PermitRootLogin yes
AllowGroups devs
EOF
login root $c4 $s4 22 denied
login bob $c4 $s4 22 allowed
finish

# --- listeners ------------------------------------------------------------------------------------
begin port_moved "Port 2222 only"
conf <<'EOF'
Port 2222
EOF
login alice $c4 $s4 22 denied
login alice $c4 $s4 2222 allowed
login alice $c6 $s6 2222 allowed
finish

begin listen_second_address "ListenAddress 10.77.0.10 only"
conf <<'EOF'
ListenAddress 10.77.0.10
EOF
login alice $c4 $s4 22 denied
login alice $c4 $s4b 22 allowed
login alice $c6 $s6 22 denied
finish

begin listen_ports_mixed "ListenAddress with and without a port, Port after ListenAddress"
conf <<'EOF'
ListenAddress 10.77.0.1
ListenAddress [fd77::1]:2200
Port 2222
EOF
login alice $c4 $s4 2222 allowed
login alice $c4 $s4 22 denied
login alice $c4 $s4b 2222 denied
login alice $c6 $s6 2200 allowed
login alice $c6 $s6 2222 denied
finish

begin address_family_inet "AddressFamily inet: no IPv6 listener"
conf <<'EOF'
AddressFamily inet
EOF
login alice $c4 $s4 22 allowed
login alice $c6 $s6 22 denied
finish

begin address_family_inet6 "AddressFamily inet6: no IPv4 listener"
conf <<'EOF'
AddressFamily inet6
EOF
login alice $c4 $s4 22 denied
login alice $c6 $s6 22 allowed
login alice $c6 $s6b 22 allowed
finish

begin listen_loopback_only "ListenAddress 127.0.0.1 and ::1 only"
conf <<'EOF'
ListenAddress 127.0.0.1
ListenAddress ::1
EOF
login alice $c4 $s4 22 denied
login alice $c6 $s6 22 denied
finish

# --- AuthorizedKeysFile ---------------------------------------------------------------------------
begin keys_moved "AuthorizedKeysFile /etc/ssh/authorized_keys/%u (root-owned)"
pubkey alice | tfile etc/ssh/authorized_keys/alice 644 0:0
tmod 755 etc/ssh/authorized_keys
conf <<'EOF'
AuthorizedKeysFile /etc/ssh/authorized_keys/%u
EOF
login alice $c4 $s4 22 allowed
login bob $c4 $s4 22 denied
finish

begin keys_none "AuthorizedKeysFile none"
conf <<'EOF'
AuthorizedKeysFile none
EOF
login alice $c4 $s4 22 denied
login root $c4 $s4 22 denied
finish

begin keys_tokens "AuthorizedKeysFile %h/.ssh/keys_%u .ssh/authorized_keys2"
pubkey alice | tfile home/alice/.ssh/keys_alice 600 2001:2001
pubkey bob | tfile home/bob/.ssh/authorized_keys2 600 2002:2002
conf <<'EOF'
AuthorizedKeysFile %h/.ssh/keys_%u .ssh/authorized_keys2
EOF
login alice $c4 $s4 22 allowed
login bob $c4 $s4 22 allowed
login carol $c4 $s4 22 denied
finish

begin keys_uid_token "AuthorizedKeysFile /etc/ssh/keys.d/%U"
pubkey carol | tfile etc/ssh/keys.d/2003 644 0:0
tmod 755 etc/ssh/keys.d
conf <<'EOF'
AuthorizedKeysFile /etc/ssh/keys.d/%U
EOF
login carol $c4 $s4 22 allowed
login alice $c4 $s4 22 denied
finish

begin keys_comment_only "an authorized_keys file holding only comments and blank lines"
printf '# keys go here\n\n   # nothing yet\n' | tfile home/dave/.ssh/authorized_keys 600 2004:2004
town 2004:2004 home/dave/.ssh
tmod 700 home/dave/.ssh
conf </dev/null
login dave $c4 $s4 22 denied
finish

# --- StrictModes ----------------------------------------------------------------------------------
begin strict_group_writable_file "StrictModes: authorized_keys writable by a group with other members"
chgrp 3001 "$TREE/home/bob/.ssh/authorized_keys"
tmod 664 home/bob/.ssh/authorized_keys
tmod 666 home/carol/.ssh/authorized_keys
conf </dev/null
login bob $c4 $s4 22 denied
login carol $c4 $s4 22 denied
login alice $c4 $s4 22 allowed
finish

begin strict_group_writable_dirs "StrictModes: home or ~/.ssh writable by a shared group or by others"
chgrp 3001 "$TREE/home/carol"
tmod 775 home/carol
tmod 777 home/bob/.ssh
conf </dev/null
login carol $c4 $s4 22 denied
login bob $c4 $s4 22 denied
login alice $c4 $s4 22 allowed
finish

# Debian's sshd (patch "Allow harmless group-writability") accepts a group-writable key file or
# directory when the group's only member is the file's owner (user private groups, umask 002).
# alice: file in her private group, home in staff (whose only member is alice): accepted.
# erin: home in devs (her primary group, but bob and carol are members too): refused.
begin strict_private_group_writable "StrictModes on Debian: group-writable by a group whose only member is the owner"
tmod 664 home/alice/.ssh/authorized_keys
chgrp 3000 "$TREE/home/alice"
tmod 775 home/alice
tmod 775 home/erin
conf </dev/null
login alice $c4 $s4 22 allowed
login erin $c4 $s4 22 denied
finish

begin strict_modes_off "StrictModes no accepts group- and world-writable files"
chgrp 3001 "$TREE/home/bob/.ssh/authorized_keys"
tmod 664 home/bob/.ssh/authorized_keys
tmod 777 home/carol/.ssh
conf <<'EOF'
StrictModes no
EOF
login bob $c4 $s4 22 allowed
login carol $c4 $s4 22 allowed
finish

begin strict_foreign_owner "StrictModes: alice's authorized_keys owned by bob (readable by all)"
town 2002:2002 home/alice/.ssh/authorized_keys
tmod 644 home/alice/.ssh/authorized_keys
conf </dev/null
login alice $c4 $s4 22 denied
login carol $c4 $s4 22 allowed
finish

# --- shells ---------------------------------------------------------------------------------------
begin shell_nologin "nologin and false shells: authentication works, no session"
set_shell alice /bin/false
conf </dev/null
login svc $c4 $s4 22 denied
login alice $c4 $s4 22 denied
login bob $c4 $s4 22 allowed
finish

begin shell_missing "a login shell that does not exist"
set_shell alice /bin/no-such-shell
conf </dev/null
login alice $c4 $s4 22 denied
login bob $c4 $s4 22 allowed
finish

begin shell_nologin_forcecommand "nologin shell with ForceCommand: the command still runs via the shell"
conf <<'EOF'
Match User svc
    ForceCommand /bin/true
EOF
login svc $c4 $s4 22 denied
finish

begin shell_nologin_internal_sftp "nologin shell with ForceCommand internal-sftp: an sftp session works"
set_shell alice /usr/sbin/nologin
conf <<'EOF'
Subsystem sftp /usr/lib/openssh/sftp-server
Match User alice,svc
    ForceCommand internal-sftp
EOF
login svc $c4 $s4 22 allowed +sftp
login alice $c6 $s6 22 allowed +sftp
finish

# --- configurations sshd rejects ------------------------------------------------------------------
begin invalid_keyword "a misspelt keyword: sshd refuses to start"
conf <<'EOF'
PermitRootLogn no
EOF
login alice $c4 $s4 22 denied
login root $c4 $s4 22 denied
finish

begin invalid_in_match "Port inside Match: sshd refuses to start"
conf <<'EOF'
Match User bob
    Port 2222
EOF
login alice $c4 $s4 22 denied
finish

begin invalid_port "Port 99999"
conf <<'EOF'
Port 99999
EOF
login alice $c4 $s4 22 denied
finish

begin invalid_auth_methods "global AuthenticationMethods only with disabled methods"
conf <<'EOF'
AuthenticationMethods password
EOF
login alice $c4 $s4 22 denied
finish

# --- accounts (UsePAM, /etc/shadow) ---------------------------------------------------------------
begin usepam_no_locked "UsePAM no: a locked password (!) refuses even key logins"
set_shadow alice '!$6$salt$hash'
set_shadow bob '!'
conf_raw <<'EOF'
UsePAM no
PasswordAuthentication no
KbdInteractiveAuthentication no
EOF
login alice $c4 $s4 22 denied
login bob $c4 $s4 22 denied
login carol $c4 $s4 22 allowed
finish

begin usepam_yes_locked "UsePAM yes: a locked password does not stop key logins"
set_shadow alice '!$6$salt$hash'
conf </dev/null
login alice $c4 $s4 22 allowed
finish

begin account_expired "an account past its expiry date (shadow field 8), UsePAM yes"
set_shadow alice '*' 19000
conf </dev/null
login alice $c4 $s4 22 denied
login bob $c4 $s4 22 allowed
finish

begin account_expired_nopam "an account past its expiry date, UsePAM no"
set_shadow alice '*' 19000
conf_raw <<'EOF'
UsePAM no
PasswordAuthentication no
KbdInteractiveAuthentication no
EOF
login alice $c4 $s4 22 denied
login bob $c4 $s4 22 allowed
finish

begin password_change_forced "shadow last-change day 0 (chage -d 0): a forced password change"
set_shadow alice '$6$e2e$notarealhash' '' 0
conf </dev/null
login alice $c4 $s4 22 denied
login bob $c4 $s4 22 allowed
finish

begin max_sessions_zero "MaxSessions 0: authentication works, no session may open"
conf <<'EOF'
Match User bob
    MaxSessions 0
EOF
login bob $c4 $s4 22 denied
login alice $c4 $s4 22 allowed
finish

begin pubkey_off_everywhere "PubkeyAuthentication no with passwords off: nobody"
conf <<'EOF'
PubkeyAuthentication no
EOF
login alice $c4 $s4 22 denied
login root $c4 $s4 22 denied
finish

begin auth_methods_either "AuthenticationMethods password publickey: either list"
conf_raw <<'EOF'
UsePAM yes
KbdInteractiveAuthentication no
PasswordAuthentication yes
AuthenticationMethods password publickey
EOF
login alice $c4 $s4 22 allowed
login dave $c4 $s4 22 denied
finish

# --- the firewall layer in front of sshd (loaded with the real iptables-nft-restore / nft -f) ---

begin fw_port_moved "sshd moved to 2222, the firewall still opens only 22 (reference §2.7.1)"
conf <<'EOF'
Port 2222
EOF
fw_nft <<'EOF'
table inet filter {
	chain input {
		type filter hook input priority filter; policy drop;
		ct state established,related accept
		iif lo accept
		meta l4proto ipv6-icmp accept
		tcp dport 22 accept
	}
}
EOF
login alice $c4 $s4 2222 denied =firewall   # dropped: the client times out
login alice $c4 $s4 22 denied =sshd         # the firewall lets it in, nothing listens
finish

begin fw_source_restricted "iptables: policy DROP, SSH only from one address"
conf </dev/null
fw_v4 <<'EOF'
*filter
:INPUT DROP [0:0]
:FORWARD DROP [0:0]
:OUTPUT ACCEPT [0:0]
-A INPUT -i lo -j ACCEPT
-A INPUT -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT
-A INPUT -s 10.77.0.2/32 -p tcp -m tcp --dport 22 -j ACCEPT
-A INPUT -p tcp -m tcp --dport 22 -j REJECT --reject-with tcp-reset
COMMIT
EOF
login alice $c4 $s4 22 allowed
login alice $c4b $s4 22 denied =firewall    # reset
login bob $c4far $s4 22 denied =firewall
login alice $c6 $s6 22 allowed              # no IPv6 rules: open
finish

begin fw_new_only "accept only ct state new, then reject: the handshake's ACK is refused"
conf </dev/null
fw_nft <<'EOF'
table ip filter {
	chain input {
		type filter hook input priority filter; policy accept;
		tcp dport 22 ct state new accept
		reject
	}
}
EOF
login alice $c4 $s4 22 denied =firewall
login alice $c6 $s6 22 allowed              # an ip table: IPv6 passes
finish

begin fw_ipv6_closed "inet table opening SSH for IPv4 only (reference §2.7.6)"
conf </dev/null
fw_nft <<'EOF'
table inet filter {
	chain input {
		type filter hook input priority filter; policy drop;
		ct state established,related accept
		meta l4proto ipv6-icmp accept
		meta nfproto ipv4 tcp dport 22 accept
		reject with icmpx admin-prohibited
	}
}
EOF
login alice $c4 $s4 22 allowed
login alice $c6 $s6 22 denied =firewall
finish

begin fw_and_sshd "the firewall admits, sshd's AllowUsers refuses: the sshd layer denies"
conf <<'EOF'
AllowUsers bob
EOF
fw_v4 <<'EOF'
*filter
:INPUT DROP [0:0]
-A INPUT -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT
-A INPUT -p tcp -m multiport --dports 22,2222 -j ACCEPT
COMMIT
EOF
login alice $c4 $s4 22 denied =sshd
login bob $c4 $s4 22 allowed
finish
