# lifeline gate: the host-side half (docs/gate.md). POSIX sh, run as root by `sh -s` over the
# canary session (or locally with --local); lifeline prepends the variables below and appends
# one call. Nothing of lifeline needs to be installed on the host: the rollback job stored under
# $LL_DIR is this file plus `ll_rollback`.
#   LL_ID        the gate's ID ([A-Za-z0-9-] only)
#   LL_BASE      /var/lib/lifeline (tests point it elsewhere)
#   LL_WINDOW    seconds the dead-man waits after the last sign of life
#   LL_OPERATOR  the operator's address as the host sees it (SSH_CONNECTION), or empty
umask 077
LL_BASE=${LL_BASE:-/var/lib/lifeline}
LL_DIR=$LL_BASE/gates/$LL_ID
LL_LOCK=$LL_BASE/lock
PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
export PATH LC_ALL=C

# Every path a layer reads; the snapshot keeps those that exist and remembers those that do not
# (a path the change creates is removed again on rollback).
LL_PATHS="/etc/ssh /etc/default/ssh /etc/pam.d/sshd /etc/systemd/system/ssh.socket.d
/etc/systemd/system/ssh.service.d /etc/iptables /etc/sysconfig/iptables /etc/sysconfig/ip6tables
/etc/nftables.conf /etc/nftables.d /etc/nftables /etc/ufw /etc/default/ufw /etc/fail2ban
/etc/ipset.conf"

ll_say() { printf '%s\n' "$*"; }
ll_fail() { printf 'error: %s\n' "$*" >&2; exit 1; }
ll_have() { command -v "$1" >/dev/null 2>&1; }

# True when systemd is the init of this host: PID 1 is systemd and shares our mount and network
# namespaces (a network-namespace host has none of its own and must not use the outer one).
ll_systemd() {
  [ -d /run/systemd/system ] || return 1
  [ "$(readlink /proc/1/ns/net 2>/dev/null)" = "$(readlink /proc/self/ns/net 2>/dev/null)" ] || return 1
  [ "$(readlink /proc/1/ns/mnt 2>/dev/null)" = "$(readlink /proc/self/ns/mnt 2>/dev/null)" ] || return 1
  ll_have systemctl
}

# The running sshd listener: its PID from the pid file when the process is alive.
ll_sshd_pid() {
  for f in /run/sshd.pid /var/run/sshd.pid; do
    [ -r "$f" ] || continue
    p=$(cat "$f" 2>/dev/null)
    [ -n "$p" ] && kill -0 "$p" 2>/dev/null && { echo "$p"; return 0; }
  done
  return 1
}

# ---- preflight and snapshot --------------------------------------------------------------
ll_preflight() {
  [ "$(id -u)" = 0 ] || ll_fail "not root"
  mkdir -p "$LL_BASE/gates" || ll_fail "cannot create $LL_BASE/gates"
  chmod 700 "$LL_BASE" "$LL_BASE/gates"
  # Space: the snapshot, and sshd needs /run/sshd and /etc; a full disk breaks logins.
  for d in "$LL_BASE" /etc /run /tmp; do
    [ -d "$d" ] || continue
    set -- $(df -Pk "$d" 2>/dev/null | awk 'NR==2 {print $4}') $(df -Pi "$d" 2>/dev/null | awk 'NR==2 {print $4}')
    ll_say "space $d ${1:-?} ${2:-?}"
    [ "${1:-1}" != "-" ] && [ "${1:-1}" -lt 1024 ] 2>/dev/null && ll_fail "$d: only ${1} KiB free"
    [ "${2:-1}" != "-" ] && [ "${2:-1}" -lt 64 ] 2>/dev/null && ll_fail "$d: only ${2} inodes free"
  done
  # One gate per host at a time.
  if ! mkdir "$LL_LOCK" 2>/dev/null; then
    holder=$(cat "$LL_LOCK/id" 2>/dev/null)
    ll_fail "another gate holds the host lock $LL_LOCK (gate ${holder:-unknown}); if no gate runs, check $LL_BASE/gates/${holder:-…}/ and remove the lock"
  fi
  echo "$LL_ID" > "$LL_LOCK/id"
  mkdir -p "$LL_DIR" || ll_fail "cannot create $LL_DIR"
  ll_layers
  ll_snapshot || { rm -rf "$LL_DIR" "$LL_LOCK"; ll_fail "snapshot failed"; }
  ll_say "snapshot $LL_DIR"
}

ll_layers() {
  [ -e /etc/ssh/sshd_config ] && ll_say "layer sshd"
  ll_have iptables-nft-save && [ -n "$(iptables-nft-save 2>/dev/null | grep '^\*')" ] && ll_say "layer iptables-nft"
  ll_have ip6tables-nft-save && [ -n "$(ip6tables-nft-save 2>/dev/null | grep '^\*')" ] && ll_say "layer ip6tables-nft"
  ll_have iptables-legacy-save && [ -n "$(iptables-legacy-save 2>/dev/null | grep '^\*')" ] && ll_say "layer iptables-legacy"
  ll_have ip6tables-legacy-save && [ -n "$(ip6tables-legacy-save 2>/dev/null | grep '^\*')" ] && ll_say "layer ip6tables-legacy"
  ll_have nft && [ -n "$(nft list tables 2>/dev/null)" ] && ll_say "layer nftables"
  ll_have ipset && [ -n "$(ipset list -n 2>/dev/null)" ] && ll_say "layer ipset"
  if [ -e /etc/ufw/ufw.conf ]; then
    if grep -qs '^ENABLED=yes' /etc/ufw/ufw.conf; then ll_say "layer ufw"; else ll_say "layer ufw (inactive)"; fi
  fi
  [ -d /etc/fail2ban ] && ll_say "layer fail2ban"
  [ -d /etc/firewalld ] && ll_say "layer firewalld"
  ll_say "operator ${LL_OPERATOR:-unknown}"
  # The limits probes must stay under.
  if ll_have sshd; then
    mat=$(sshd -T 2>/dev/null | awk '$1 == "maxauthtries" {print $2}')
    ll_say "maxauthtries ${mat:-unknown}"
    # OpenSSH 9.8+: penalties that block a source after repeated failures.
    psp=$(sshd -T 2>/dev/null | awk '$1 == "persourcepenalties" {$1 = ""; print}')
    [ -n "$psp" ] && ll_say "persourcepenalties$psp"
  fi
  if ll_have fail2ban-client && fail2ban-client ping >/dev/null 2>&1; then
    for j in $(fail2ban-client status 2>/dev/null | sed -n 's/.*Jail list:[[:space:]]*//p' | tr ',' ' '); do
      ll_say "maxretry $j $(fail2ban-client get "$j" maxretry 2>/dev/null)"
    done
  fi
}

ll_snapshot() {
  : > "$LL_DIR/present"; : > "$LL_DIR/absent"
  for p in $LL_PATHS; do
    if [ -e "$p" ] || [ -L "$p" ]; then echo "$p" >> "$LL_DIR/present"; else echo "$p" >> "$LL_DIR/absent"; fi
  done
  if [ -s "$LL_DIR/present" ]; then
    # Mode, owner (numeric) and mtime of every file; symlinks as links.
    tar -cpf "$LL_DIR/files.tar" --numeric-owner -P -T "$LL_DIR/present" 2>"$LL_DIR/tar.err" || return 1
    tar -tf "$LL_DIR/files.tar" -P >/dev/null 2>&1 || return 1
  fi
  # Live rulesets, per backend; the iptables-nft tables are restored with iptables-nft-restore,
  # every other nft table with nft -f.
  if ll_have iptables-nft-save; then
    iptables-nft-save > "$LL_DIR/ipt-nft.v4" 2>/dev/null || return 1
    ip6tables-nft-save > "$LL_DIR/ipt-nft.v6" 2>/dev/null || return 1
  fi
  if ll_have iptables-legacy-save; then
    iptables-legacy-save > "$LL_DIR/ipt-legacy.v4" 2>/dev/null || return 1
    ip6tables-legacy-save > "$LL_DIR/ipt-legacy.v6" 2>/dev/null || return 1
  fi
  if ll_have nft; then
    nft list ruleset > "$LL_DIR/nft.all" 2>/dev/null || return 1
    ll_native_nft < "$LL_DIR/nft.all" > "$LL_DIR/nft.native" || return 1
  fi
  if ll_have ipset; then ipset save > "$LL_DIR/ipset.save" 2>/dev/null || true; fi
  # Services running now: what the rollback must leave running.
  : > "$LL_DIR/services"
  if ll_systemd; then
    for s in ssh ssh.socket fail2ban nftables netfilter-persistent ufw; do
      [ "$(systemctl is-active "$s" 2>/dev/null)" = active ] && echo "unit $s" >> "$LL_DIR/services"
    done
  else
    if p=$(ll_sshd_pid); then
      # sshd rewrites its title to "sshd: ARGV [listener] …"; ARGV is how it was started.
      cmd=$(tr '\0' ' ' < "/proc/$p/cmdline" | sed -n 's/^sshd: \(.*\) \[listener\].*$/\1/p')
      echo "sshd ${cmd:-$(readlink "/proc/$p/exe")}" >> "$LL_DIR/services"
    fi
    if ll_have fail2ban-client && fail2ban-client ping >/dev/null 2>&1; then echo "fail2ban" >> "$LL_DIR/services"; fi
  fi
  # fail2ban's bans per jail, for the record: fail2ban restores them from its own database when
  # the rollback starts it again.
  if ll_have fail2ban-client && fail2ban-client ping >/dev/null 2>&1; then
    fail2ban-client banned > "$LL_DIR/fail2ban.banned" 2>/dev/null
  fi
  return 0
}

# The tables of an `nft list ruleset` dump that iptables-nft does not own.
ll_native_nft() {
  owned=$( (sed -n 's/^\*\(.*\)$/ip \1/p' "$LL_DIR/ipt-nft.v4" 2>/dev/null; sed -n 's/^\*\(.*\)$/ip6 \1/p' "$LL_DIR/ipt-nft.v6" 2>/dev/null) | tr '\n' '|')
  awk -v owned="|$owned" '
    /^table / { skip = index(owned, "|" $2 " " $3 "|") > 0 }
    !skip { print }
    /^}/ { skip = 0 }'
}

# `FAMILY TABLE CHAIN` for every chain of an `nft list ruleset` listing.
ll_nft_chains() { awk '/^table / { f = $2; t = $3 } /^\tchain / { print f " " t " " $2 }'; }

# A saved iptables ruleset without fail2ban's chains and the jumps to them (f2b-*).
ll_without_f2b() { grep -v -e '^:f2b-' -e '^-A f2b-' -e ' -j f2b-'; }
# A saved nft ruleset without fail2ban's own table (action nftables: `table inet f2b-table`).
ll_without_f2b_nft() { awk '/^table / { skip = ($3 == "f2b-table") } !skip { print } /^}/ { skip = 0 }'; }

# ---- the dead-man ------------------------------------------------------------------------
# Runs detached: waits until the deadline file's time passes, then rolls back, unless the
# armed marker is removed (disarm) first.
ll_deadman_loop() {
  while [ -e "$LL_DIR/armed" ]; do
    now=$(date +%s); deadline=$(cat "$LL_DIR/deadline" 2>/dev/null || echo 0)
    if [ "$now" -ge "$deadline" ]; then
      sh "$LL_DIR/rollback.sh" >> "$LL_DIR/rollback.log" 2>&1
      return
    fi
    sleep 1
  done
}

ll_arm() {
  [ -d "$LL_DIR" ] || ll_fail "no snapshot $LL_DIR"
  echo $(( $(date +%s) + LL_WINDOW )) > "$LL_DIR/deadline"
  : > "$LL_DIR/armed"
  if ll_systemd && ll_have systemd-run; then
    systemd-run --quiet --unit="lifeline-deadman-$LL_ID" --collect \
      sh "$LL_DIR/deadman.sh" || ll_fail "systemd-run failed"
    # After a reboot an armed gate rolls back at once: its change was never confirmed.
    cat > "/etc/systemd/system/lifeline-deadman-$LL_ID.service" <<UNIT
[Unit]
Description=lifeline gate $LL_ID: roll back an unconfirmed change after a reboot
ConditionPathExists=$LL_DIR/armed
[Service]
Type=oneshot
ExecStart=/bin/sh $LL_DIR/rollback.sh
[Install]
WantedBy=multi-user.target
UNIT
    systemctl enable --quiet "lifeline-deadman-$LL_ID.service" 2>/dev/null || true
    ll_say "armed systemd lifeline-deadman-$LL_ID"
  else
    if command -v setsid >/dev/null 2>&1; then
      setsid sh "$LL_DIR/deadman.sh" </dev/null >/dev/null 2>&1 &
    else
      nohup sh "$LL_DIR/deadman.sh" </dev/null >/dev/null 2>&1 &
    fi
    echo $! > "$LL_DIR/deadman.pid"
    [ -d /etc/cron.d ] && echo "@reboot root [ -e $LL_DIR/armed ] && sh $LL_DIR/rollback.sh" > "/etc/cron.d/lifeline-$LL_ID"
    ll_say "armed process $(cat "$LL_DIR/deadman.pid")"
  fi
}

ll_extend() {
  [ -e "$LL_DIR/armed" ] || ll_fail "not armed"
  echo $(( $(date +%s) + LL_WINDOW )) > "$LL_DIR/deadline"
}

# Removes the dead-man and its boot hook; prints `fired` when it already rolled back.
ll_disarm() {
  if [ ! -e "$LL_DIR/armed" ]; then
    if [ -e "$LL_DIR/rolled-back" ]; then ll_say "fired"; else ll_say "not-armed"; fi
    return 0
  fi
  rm -f "$LL_DIR/armed"
  ll_unhook
  [ -e "$LL_DIR/rolled-back" ] && { ll_say "fired"; return 0; }
  ll_say "disarmed"
  rm -rf "$LL_LOCK"
}

ll_unhook() {
  if ll_systemd; then
    systemctl stop "lifeline-deadman-$LL_ID.service" >/dev/null 2>&1
    systemctl disable --quiet "lifeline-deadman-$LL_ID.service" >/dev/null 2>&1
    rm -f "/etc/systemd/system/lifeline-deadman-$LL_ID.service"
  else
    [ -r "$LL_DIR/deadman.pid" ] && kill "$(cat "$LL_DIR/deadman.pid")" 2>/dev/null
  fi
  rm -f "/etc/cron.d/lifeline-$LL_ID"
}

# Gives up a gate that changed nothing (arming failed): its snapshot and the lock go.
ll_release() {
  [ "$(cat "$LL_LOCK/id" 2>/dev/null)" = "$LL_ID" ] && rm -rf "$LL_LOCK"
  rm -rf "$LL_DIR"
  ll_say "released"
}

# The layers' files as they are now, as a tar stream on stdout (the post-check lints them):
# every path the snapshot covers, plus the account and service tables the checks read.
ll_fetch() {
  list=""
  # The logged-in user's keys (sudo's caller, else who runs this): the post-check's model of
  # the gate's own login needs them.
  u=${SUDO_USER:-$(id -un)}
  home=$(getent passwd "$u" 2>/dev/null | cut -d: -f6)
  keys=""
  [ -n "$home" ] && [ "$home" != / ] && keys="$home/.ssh/authorized_keys $home/.ssh/authorized_keys2"
  for p in $LL_PATHS /etc/passwd /etc/group /etc/services $keys; do
    [ -e "$p" ] && list="$list ${p#/}"
  done
  [ -n "$list" ] || return 0
  # shellcheck disable=SC2086 # the list is split on purpose; the paths have no blanks
  tar -cf - -C / $list 2>/dev/null
}

# ---- rollback ----------------------------------------------------------------------------
# Restores every layer in dependency order; carries on past a failed step and exits non-zero
# when any step failed. Runs once (a second caller finds the marker directory).
ll_rollback() {
  mkdir "$LL_DIR/rolling-back" 2>/dev/null || { ll_say "rollback already ran"; return 0; }
  rm -f "$LL_DIR/armed"
  failed=0
  ll_say "rollback $(date +%s)"
  # 0. fail2ban stops first (its actions take their chains away) and starts again after the
  # firewall: it re-creates its chains and bans from its database; its chains are left out of
  # the restored rulesets for that reason.
  f2b=0
  grep -qxE 'unit fail2ban|fail2ban' "$LL_DIR/services" 2>/dev/null && f2b=1
  if ll_have fail2ban-client && fail2ban-client ping >/dev/null 2>&1; then
    if ll_systemd; then systemctl stop fail2ban; else fail2ban-client stop >/dev/null 2>&1; fi
  fi
  # 1. files: check the archive before deleting anything.
  if [ -s "$LL_DIR/files.tar" ]; then
    if tar -tf "$LL_DIR/files.tar" -P >/dev/null 2>&1; then
      while read -r p; do rm -rf "$p"; done < "$LL_DIR/present"
      tar -xpf "$LL_DIR/files.tar" --numeric-owner -P || { ll_say "files: tar failed"; failed=1; }
    else
      ll_say "files: the archive is damaged, files left as they are"; failed=1
    fi
  fi
  while read -r p; do rm -rf "$p"; done < "$LL_DIR/absent"
  # 2. firewall: everything nft holds, then each backend's saved tables.
  if ll_have nft && [ -e "$LL_DIR/nft.all" ]; then
    nft flush ruleset || failed=1
  fi
  if [ -e "$LL_DIR/ipset.save" ] && ll_have ipset; then
    ipset flush 2>/dev/null; ipset restore -exist < "$LL_DIR/ipset.save" || { ll_say "ipset restore failed"; failed=1; }
  fi
  # Legacy tables are not in nft's ruleset: empty them, then restore the saved ones.
  for f in legacy.v4:iptables-legacy legacy.v6:ip6tables-legacy; do
    file=$LL_DIR/ipt-${f%%:*}; tool=${f#*:}
    [ -e "$file" ] && ll_have "$tool-restore" || continue
    names=/proc/net/ip_tables_names; [ "${tool#ip6}" != "$tool" ] && names=/proc/net/ip6_tables_names
    for t in $(cat "$names" 2>/dev/null); do "$tool" -t "$t" -F 2>/dev/null; "$tool" -t "$t" -X 2>/dev/null; done
    ll_without_f2b < "$file" | "$tool-restore" || { ll_say "$tool-restore failed"; failed=1; }
  done
  # nft's tables one by one in the order they were listed (equal-priority base chains run in
  # that order): those iptables-nft owns through iptables-nft-restore, the others with nft -f.
  if ll_have nft && [ -e "$LL_DIR/nft.all" ]; then
    rm -rf "$LL_DIR/split"; mkdir "$LL_DIR/split"
    ll_without_f2b_nft < "$LL_DIR/nft.native" | awk -v d="$LL_DIR/split" '
      /^table / { f = d "/nft." $2 "." $3 } f { print > f } /^}/ { if (f) close(f); f = "" }'
    for v in 4 6; do
      [ -e "$LL_DIR/ipt-nft.v$v" ] || continue
      ll_without_f2b < "$LL_DIR/ipt-nft.v$v" | awk -v d="$LL_DIR/split" -v fam="$( [ $v = 4 ] && echo ip || echo ip6)" '
        /^\*/ { f = d "/ipt." fam "." substr($0, 2) } f { print > f } /^COMMIT/ { if (f) close(f); f = "" }'
    done
    awk '/^table / { print $2, $3 }' "$LL_DIR/nft.all" | while read -r fam tab; do
      if [ -e "$LL_DIR/split/ipt.$fam.$tab" ]; then
        tool=iptables-nft-restore; [ "$fam" = ip6 ] && tool=ip6tables-nft-restore
        "$tool" --noflush < "$LL_DIR/split/ipt.$fam.$tab" || { ll_say "$tool $tab failed"; echo x >> "$LL_DIR/split/failed"; }
      elif [ -e "$LL_DIR/split/nft.$fam.$tab" ]; then
        nft -f "$LL_DIR/split/nft.$fam.$tab" || { ll_say "nft -f $fam $tab failed"; echo x >> "$LL_DIR/split/failed"; }
      fi
    done
    [ -e "$LL_DIR/split/failed" ] && failed=1
    # iptables-nft-restore creates every built-in chain of a table; drop the ones nft did not
    # list before (empty, policy accept), so `nft list ruleset` reads as it did.
    ll_nft_chains < "$LL_DIR/nft.all" > "$LL_DIR/nft.chains.before"
    nft list ruleset 2>/dev/null | ll_nft_chains | while read -r fam tab ch; do
      grep -qx "$fam $tab $ch" "$LL_DIR/nft.chains.before" || nft delete chain "$fam" "$tab" "$ch" 2>/dev/null
    done
  else
    for v in 4 6; do
      tool=iptables-nft-restore; [ $v = 6 ] && tool=ip6tables-nft-restore
      [ -e "$LL_DIR/ipt-nft.v$v" ] && ll_have "$tool" || continue
      ll_without_f2b < "$LL_DIR/ipt-nft.v$v" | "$tool" || { ll_say "$tool failed"; failed=1; }
    done
  fi
  # 3. fail2ban: its restored configuration, and the operator unbanned everywhere.
  if [ "$f2b" = 1 ]; then
    if ll_systemd; then systemctl start fail2ban || failed=1
    else fail2ban-client -b start >/dev/null 2>&1 || failed=1; fi
    i=0; until fail2ban-client ping >/dev/null 2>&1 || [ $i -ge 40 ]; do sleep 0.5; i=$((i+1)); done
  fi
  # A started jail restores its database's bans through its action queue a moment after it
  # reports started: unban until the operator has been clean on two checks in a row (bounded).
  if [ -n "$LL_OPERATOR" ] && ll_have fail2ban-client && fail2ban-client ping >/dev/null 2>&1; then
    clean=0; i=0
    while [ $clean -lt 2 ] && [ $i -lt 20 ]; do
      if fail2ban-client banned "$LL_OPERATOR" 2>/dev/null | grep -q "[a-z]"; then
        fail2ban-client unban "$LL_OPERATOR" >/dev/null 2>&1; clean=0
      else
        clean=$((clean + 1))
      fi
      i=$((i + 1)); sleep 0.5
    done
  fi
  # 4. sshd: check the restored configuration, then reload or start it.
  if ll_have sshd; then
    sshd -t || { ll_say "sshd -t fails on the restored configuration"; failed=1; }
    if ll_systemd; then
      if grep -qx 'unit ssh.socket' "$LL_DIR/services"; then systemctl daemon-reload; systemctl restart ssh.socket || failed=1
      else systemctl reload-or-restart ssh || failed=1; fi
    elif p=$(ll_sshd_pid); then
      kill -HUP "$p" || failed=1
    else
      cmd=$(sed -n 's/^sshd //p' "$LL_DIR/services")
      [ -n "$cmd" ] && { $cmd || failed=1; }
    fi
  fi
  ll_unhook
  : > "$LL_DIR/rolled-back"
  rm -rf "$LL_LOCK"
  ll_say "rollback done failed=$failed"
  return $failed
}

# Writes the stored rollback and dead-man scripts: this library (on stdin) with the gate's
# variables.
ll_install_scripts() {
  cat > "$LL_DIR/lib.sh" || ll_fail "cannot write $LL_DIR/lib.sh"
  lib=$LL_DIR/lib.sh
  {
    printf 'LL_ID=%s\nLL_BASE=%s\nLL_WINDOW=%s\nLL_OPERATOR=%s\n' "$LL_ID" "$LL_BASE" "$LL_WINDOW" "$LL_OPERATOR"
    cat "$lib"
    echo 'll_rollback'
  } > "$LL_DIR/rollback.sh"
  {
    printf 'LL_ID=%s\nLL_BASE=%s\nLL_WINDOW=%s\nLL_OPERATOR=%s\n' "$LL_ID" "$LL_BASE" "$LL_WINDOW" "$LL_OPERATOR"
    cat "$lib"
    echo 'll_deadman_loop'
  } > "$LL_DIR/deadman.sh"
  chmod 600 "$LL_DIR/rollback.sh" "$LL_DIR/deadman.sh"
}
