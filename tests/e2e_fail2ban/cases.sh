# shellcheck shell=bash
# Cases of the fail2ban e2e suite (vocabulary: run_e2e.sh). Every tree starts as Debian's stock
# fail2ban 1.0.2 configuration (jail.conf, jail.d/defaults-debian.conf enabling [sshd],
# banaction iptables-multiport, port ssh) plus the harness's jail.d/zz-e2e-harness.local (log
# path, polling, maxretry 2). Sources: 10.77.0.2 and 10.77.0.3 (client veth), 10.88.0.2 (routed
# via the client), fd77::2. Expectations are fail2ban's documented behaviour, not lifeline's
# output; the run checks them against the real daemon.

begin stock "Debian's stock jail: nothing is ignored, IPv4 and IPv6 sources get banned"
jails sshd
check 10.77.0.2 22 bannable
check fd77::2 22 bannable
finish

begin ignoreip_exact "ignoreip names the exact address; a neighbour is still banned"
jail_local <<'EOF'
[DEFAULT]
ignoreip = 127.0.0.1/8 ::1 10.77.0.2
EOF
jails sshd
check 10.77.0.2 22 ignored
check 10.77.0.3 22 bannable
finish

begin ignoreip_cidr "a CIDR in ignoreip covers the client's /24 but not the routed 10.88.0.0/24 nor IPv6"
jail_local <<'EOF'
[DEFAULT]
ignoreip = 127.0.0.1/8, ::1, 10.77.0.0/24
EOF
jails sshd
check 10.77.0.2 22 ignored
check 10.77.0.3 22 ignored
check 10.88.0.2 22 bannable
check fd77::2 22 bannable
finish

begin ignoreip_v6_mask "an IPv6 network and an IPv4 dotted mask in ignoreip"
jail_local <<'EOF'
[DEFAULT]
ignoreip = fd77::/64
           10.88.0.0/255.255.255.0
EOF
jails sshd
check fd77::2 22 ignored
check 10.88.0.2 22 ignored
check 10.77.0.2 22 bannable
finish

begin jail_ignoreip_replaces_default "a jail's own ignoreip replaces DEFAULT's: only the jail's address is ignored"
jail_local <<'EOF'
[DEFAULT]
ignoreip = 10.77.0.2

[sshd]
ignoreip = 10.77.0.3
EOF
jails sshd
check 10.77.0.2 22 bannable
check 10.77.0.3 22 ignored
finish

begin known_ignoreip "%(known/ignoreip)s extends the list the jail had before (jail.d/*.conf's DEFAULT)"
f2b_file jail.d/office.conf <<'EOF'
[DEFAULT]
ignoreip = 127.0.0.1/8 ::1 10.77.0.3
EOF
jail_local <<'EOF'
[sshd]
ignoreip = %(known/ignoreip)s 10.77.0.2
EOF
jails sshd
check 10.77.0.2 22 ignored
check 10.77.0.3 22 ignored
check 10.88.0.2 22 bannable
finish

begin lowercase_default "ignoreip under [default] (lower case) is a jail named 'default', not the defaults"
jail_local <<'EOF'
[default]
ignoreip = 10.77.0.0/24
EOF
jails sshd
check 10.77.0.2 22 bannable
finish

begin ignoreip_tab_refused "'10.0.0.0/8<TAB>x' is one entry whose length '8<TAB>x' int() refuses: fail2ban-server stops configuring and exits, nothing bans"
printf '[DEFAULT]\nignoreip = 127.0.0.1/8 ::1 10.0.0.0/8\tx\n' | jail_local
jails sshd
server_refuses
check 10.77.0.2 22 not-applicable
finish

begin ignoreip_mask_gap "a mask with a gap ('255.0.255.0') has no length: the same ValueError, fail2ban-server exits"
jail_local <<'EOF'
[DEFAULT]
ignoreip = 10.77.0.0/255.0.255.0
EOF
jails sshd
server_refuses
check 10.77.0.2 22 not-applicable
finish

begin refused_in_disabled_jail "the refused entry sits in a disabled jail: fail2ban-client never sends it, [sshd] bans"
printf '[sshd-off]\nenabled = false\nfilter = sshd\nignoreip = 10.0.0.0/8\tx\n' | jail_local
jails sshd
check 10.77.0.2 22 bannable
finish

begin ignoreip_tab_name "'::1<TAB>10.77.0.0/24' is one entry, a 'host name' with a length: it ignores nothing"
printf '[DEFAULT]\nignoreip = ::1\t10.77.0.0/24\n' | jail_local
jails sshd
check 10.77.0.2 22 bannable
finish

begin ignoreip_len33 "a length beyond 32 keeps every bit of the mask: '10.77.0.2/33' is that single address"
jail_local <<'EOF'
[DEFAULT]
ignoreip = 10.77.0.2/33
EOF
jails sshd
check 10.77.0.2 22 ignored
check 10.77.0.3 22 bannable
finish

begin ignoreip_tab_mask "'192.168.0.0/16<TAB>10.9.9.9' has a 'mask' that is no address: length 0, every IPv4 address is ignored"
printf '[DEFAULT]\nignoreip = 192.168.0.0/16\t10.9.9.9\n' | jail_local
jails sshd
check 10.77.0.2 22 ignored
check 10.88.0.2 22 ignored
check fd77::2 22 bannable
finish

begin enabled_maybe "enabled = maybe is no boolean: the sshd jail stays off; a dummy-action jail sees the same failures"
jail_local <<'EOF'
[sshd]
enabled = maybe

[sshd-watch]
enabled = true
filter = sshd
logpath = %(sshd_log)s
backend = %(sshd_backend)s
banaction = dummy
EOF
jails sshd-watch
check 10.77.0.2 22 not-applicable
finish

begin dummy_action "banaction = dummy: the source is banned, but the ban blocks nothing"
jail_local <<'EOF'
[sshd]
banaction = dummy
EOF
jails sshd
check 10.77.0.2 22 not-applicable
finish

begin port_22_and_2222 "sshd listens on 22 and 2222, the jail bans port ssh (22): the ban lands on 22 only"
conf <<'EOF'
Port 22
Port 2222
EOF
jails sshd
check 10.77.0.2 22 bannable
check 10.77.0.2 2222 not-applicable
finish

begin port_2222_only "sshd only on 2222, the stock jail bans 22 (lifeline asked without a port takes sshd's)"
conf <<'EOF'
Port 2222
EOF
jails sshd
check 10.77.0.2 2222 not-applicable noport
finish

begin allports_2222 "sshd only on 2222, banaction iptables-allports: every port is closed to the source"
conf <<'EOF'
Port 2222
EOF
jail_local <<'EOF'
[sshd]
banaction = iptables-allports
EOF
jails sshd
check 10.77.0.2 2222 bannable noport
finish

begin nftables_port_list "sshd on 2222, the jail bans ssh,2222 with nftables-multiport"
conf <<'EOF'
Port 2222
EOF
jail_local <<'EOF'
[sshd]
port = ssh,2222
banaction = nftables-multiport
EOF
jails sshd
check 10.77.0.2 2222 bannable
check fd77::2 2222 bannable
finish

begin iptables_type_allports "sshd on 2222, 'banaction = iptables[type=allports]': jail.conf appends '[port=..., protocol=..., chain=...]', fail2ban reads both groups, the ban closes every port"
conf <<'EOF'
Port 2222
EOF
jail_local <<'EOF'
[sshd]
banaction = iptables[type=allports]
EOF
jails sshd
check 10.77.0.2 2222 bannable noport
finish

begin nftables_type_allports "sshd on 2222, 'banaction = nftables[type=allports]': the nftables action with every port (IPv4 and IPv6)"
conf <<'EOF'
Port 2222
EOF
jail_local <<'EOF'
[sshd]
banaction = nftables[type=allports]
EOF
jails sshd
check 10.77.0.2 2222 bannable
check fd77::2 2222 bannable
finish

begin allports_type_multiport "sshd on 22 and 2222, 'banaction = iptables-allports[type=multiport]': the call's type overrides the file's, the ban lands on port ssh only"
conf <<'EOF'
Port 22
Port 2222
EOF
jail_local <<'EOF'
[sshd]
banaction = iptables-allports[type=multiport]
EOF
jails sshd
check 10.77.0.2 22 bannable
check 10.77.0.2 2222 not-applicable
finish

begin ignoreip_negative_len "negative lengths: -1 is IPAddr's CIDR_UNSPEC (the address itself), -2 its CIDR_RAW (matches nothing), -7 no family, so the address text is looked up and yields itself"
jail_local <<'EOF'
[DEFAULT]
ignoreip = 10.77.0.2/-1 10.77.0.3/-2 10.88.0.2/-7
EOF
jails sshd
check 10.77.0.2 22 ignored
check 10.77.0.3 22 bannable
check 10.88.0.2 22 ignored
finish
