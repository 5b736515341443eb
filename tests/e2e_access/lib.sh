# shellcheck shell=bash disable=SC2034  # globals read by run_e2e.sh and cases.sh
# Machinery of the access e2e suite (see README.md): the two network namespaces, host trees, the
# real sshd inside a private mount namespace, real logins, lifeline's answer, the comparison.
# Sourced by run_e2e.sh; cases.sh uses only the "case vocabulary" section.

# --- addresses ------------------------------------------------------------------------------------
# Server side of the veth pair; .10 / ::10 exist so ListenAddress cases can name a second address.
k_srv4=10.77.0.1
k_srv4_b=10.77.0.10
k_srv6=fd77::1
k_srv6_b=fd77::10
# Client side: the veth address, an alias in the same /24, a second subnet routed via the client,
# and two IPv6 addresses (nodad: usable at once, no duplicate-address-detection wait).
k_cli4=10.77.0.2
k_cli4_b=10.77.0.3
k_cli4_far=10.88.0.2
k_cli6=fd77::2
k_cli6_b=fd77::3

k_users=(alice bob carol dave erin svc)
k_wait_sshd_s=5     # sshd must be listening (pid file written) within this
k_ssh_timeout_s=20  # hard bound around one ssh client run (ConnectTimeout is 5)

# --- state (owned by run_e2e.sh) ------------------------------------------------------------------
NS_S="" NS_C="" VETH_S="" VETH_C=""
SSHD_PID=""         # process group leader of the running sshd, or ""
WORK=""             # scratch directory of this run
KEYS=""             # $WORK/keys: one ed25519 keypair per name

log() { printf '%s\n' "$*"; }
die() { printf 'access e2e: %s\n' "$*" >&2; exit 1; }

# --- namespaces -----------------------------------------------------------------------------------
net_up() {
    local id=$1
    NS_S="lle2e-s-$id" NS_C="lle2e-c-$id" VETH_S="lle${id}s" VETH_C="lle${id}c"
    ip netns add "$NS_S" && ip netns add "$NS_C" &&
        ip link add "$VETH_S" type veth peer name "$VETH_C" &&
        ip link set "$VETH_S" netns "$NS_S" && ip link set "$VETH_C" netns "$NS_C" || return 1
    local s=(ip -n "$NS_S") c=(ip -n "$NS_C")
    "${s[@]}" link set lo up && "${c[@]}" link set lo up &&
        "${s[@]}" addr add "$k_srv4/24" dev "$VETH_S" &&
        "${s[@]}" addr add "$k_srv4_b/24" dev "$VETH_S" &&
        "${s[@]}" -6 addr add "$k_srv6/64" dev "$VETH_S" nodad &&
        "${s[@]}" -6 addr add "$k_srv6_b/64" dev "$VETH_S" nodad &&
        "${c[@]}" addr add "$k_cli4/24" dev "$VETH_C" &&
        "${c[@]}" addr add "$k_cli4_b/24" dev "$VETH_C" &&
        "${c[@]}" addr add "$k_cli4_far/24" dev "$VETH_C" &&
        "${c[@]}" -6 addr add "$k_cli6/64" dev "$VETH_C" nodad &&
        "${c[@]}" -6 addr add "$k_cli6_b/64" dev "$VETH_C" nodad &&
        "${s[@]}" link set "$VETH_S" up && "${c[@]}" link set "$VETH_C" up &&
        "${s[@]}" route add 10.88.0.0/24 via "$k_cli4" || return 1
}

# Removes what net_up made; safe to call twice and after a partial net_up.
net_down() {
    [[ -n $NS_S ]] && ip netns del "$NS_S" 2>/dev/null
    [[ -n $NS_C ]] && ip netns del "$NS_C" 2>/dev/null
    # A veth that never reached its namespace is still in ours.
    [[ -n $VETH_S ]] && ip link del "$VETH_S" 2>/dev/null
    return 0
}

# --- the real sshd --------------------------------------------------------------------------------
# Starts `/usr/sbin/sshd -D -e -f /etc/ssh/sshd_config` in the server namespace, inside a private
# mount namespace where the tree's etc/ssh, passwd, group, shadow, home and root are bound over
# the real paths (they vanish with the namespace; the real /etc is never written). The extra
# `-o PidFile=` keeps the real /run/sshd.pid untouched and tells us when sshd listens: sshd writes
# it after binding its sockets. `-o LogLevel=VERBOSE` only adds log lines.
# Returns 0 when listening, 1 when sshd exited (a rejected config) — both are outcomes.
sshd_start() {
    local tree=$1 dir=$2
    local pidfile=$dir/sshd.pid start=$dir/start-sshd.sh
    rm -f "$pidfile"
    cat >"$start" <<EOF
set -e
mount --bind '$tree/etc/ssh' /etc/ssh
for f in passwd group shadow; do mount --bind "$tree/etc/\$f" "/etc/\$f"; done
mount --bind '$tree/home' /home
mount --bind '$tree/root' /root
mkdir -p /run/sshd
exec /usr/sbin/sshd -D -e -f /etc/ssh/sshd_config -o 'PidFile=$pidfile' -o LogLevel=VERBOSE
EOF
    sshd_launch "$start" "$pidfile" "$dir/sshd.log"
}

# sshd_launch START PIDFILE OUTPUT: runs the START script (which execs sshd) in the server
# namespace inside a private mount namespace, output to OUTPUT, and waits for PIDFILE.
# Returns 0 when listening, 1 when sshd exited, 2 when it did neither in time (it is stopped).
sshd_launch() {
    local start=$1 pidfile=$2 output=$3
    # setsid: sshd leads its own process group, so its per-connection children stop with it.
    # Without job control the background child is no group leader, so setsid does not fork and
    # $! is the pid that ends up exec'ing sshd.
    setsid ip netns exec "$NS_S" unshare -m --propagation private bash "$start" \
        >"$output" 2>&1 </dev/null &
    SSHD_PID=$!
    local i
    for ((i = 0; i < k_wait_sshd_s * 20; ++i)); do
        [[ -s $pidfile ]] && return 0
        kill -0 "$SSHD_PID" 2>/dev/null || { wait "$SSHD_PID" 2>/dev/null; SSHD_PID=""; return 1; }
        sleep 0.05
    done
    log "  sshd did not write its pid file within ${k_wait_sshd_s}s"
    sshd_stop
    return 2
}

# fw_load TREE OUT: the tree's rules.v4/v6 (iptables-nft, Debian 12's default backend, which is
# what lifeline assumes without etc/alternatives) and then nftables.conf, in boot order, into the
# server namespace. 1 when a tool fails (the case's firewall is not what lifeline reads).
fw_load() {
    local tree=$1 out=$2 rc=0
    : >"$out/firewall.log"
    if [[ -f $tree/etc/iptables/rules.v4 ]]; then
        timeout 20 ip netns exec "$NS_S" iptables-nft-restore <"$tree/etc/iptables/rules.v4" \
            >>"$out/firewall.log" 2>&1 || rc=1
    fi
    if [[ -f $tree/etc/iptables/rules.v6 ]]; then
        timeout 20 ip netns exec "$NS_S" ip6tables-nft-restore <"$tree/etc/iptables/rules.v6" \
            >>"$out/firewall.log" 2>&1 || rc=1
    fi
    if [[ -f $tree/etc/nftables.conf ]]; then
        timeout 20 ip netns exec "$NS_S" nft -f "$tree/etc/nftables.conf" \
            >>"$out/firewall.log" 2>&1 || rc=1
    fi
    return "$rc"
}

# Empties the server namespace's firewall (iptables-nft tables live in nftables too).
fw_clear() { timeout 20 ip netns exec "$NS_S" nft flush ruleset; }

# Stops the sshd process group we started (TERM, then KILL after 3 s) and reaps it.
sshd_stop() {
    [[ -n $SSHD_PID ]] || return 0
    kill -TERM -- "-$SSHD_PID" 2>/dev/null
    local i
    for ((i = 0; i < 60; ++i)); do
        kill -0 "$SSHD_PID" 2>/dev/null || break
        sleep 0.05
    done
    kill -KILL -- "-$SSHD_PID" 2>/dev/null
    wait "$SSHD_PID" 2>/dev/null
    SSHD_PID=""
}

# --- logins ---------------------------------------------------------------------------------------
# Real login from the client namespace. Sets REAL_RC (ssh's exit: 0 = logged in and the session
# ran `true`). Arguments after OUT are key names; `+sftp` asks for the sftp subsystem instead of
# running a command (what an sftp-only account can do).
real_login() {
    local user=$1 src=$2 dst=$3 port=$4 out=$5
    shift 5
    local ids=() k subsystem=() request=true
    for k in "$@"; do
        if [[ $k == +sftp ]]; then
            subsystem=(-s) request=sftp
        else
            ids+=(-i "$KEYS/$k")
        fi
    done
    SSH_AUTH_SOCK='' timeout "$k_ssh_timeout_s" ip netns exec "$NS_C" \
        ssh -F /dev/null -o BatchMode=yes -o StrictHostKeyChecking=no \
        -o UserKnownHostsFile=/dev/null -o ConnectTimeout=5 -o IdentitiesOnly=yes \
        "${ids[@]}" "${subsystem[@]}" -b "$src" -p "$port" "$user@$dst" "$request" </dev/null >"$out" 2>&1
    REAL_RC=$?
}

# lifeline's answer for the same login. Sets LL_RC and LL_VERDICT (from the JSON's top level).
lifeline_login() {
    local tree=$1 user=$2 src=$3 dst=$4 port=$5 out=$6
    local addr=$src
    [[ $src == *:* ]] && addr="[$src]"
    timeout 30 "$LIFELINE" access "$user@$addr:$port" --root "$tree" --to "$dst" \
        --format json >"$out" 2>&1
    LL_RC=$?
    # nlohmann prints keys sorted with two-space indent: the top-level verdict is `  "verdict"`.
    LL_VERDICT=$(sed -n 's/^  "verdict": "\([a-z]*\)",\{0,1\}$/\1/p' "$out")
}

# --- host trees -----------------------------------------------------------------------------------
uid_of() {
    case $1 in
        root) echo 0 ;; alice) echo 2001 ;; bob) echo 2002 ;; carol) echo 2003 ;;
        dave) echo 2004 ;; erin) echo 2005 ;; svc) echo 2006 ;; *) echo 65534 ;;
    esac
}
gid_of() {
    case $1 in
        erin) echo 3001 ;;  # erin's primary group is devs (and she has no own group)
        *) uid_of "$1" ;;
    esac
}
home_of() { [[ $1 == root ]] && echo /root || echo "/home/$1"; }

# The standard tree every case starts from: users with one key each (dave has none), groups with
# supplementary members, a shadow file where nobody has a password (`*`), and stand-in shells
# (lifeline only stats them; the real sshd uses the machine's /bin/sh and nologin).
tree_new() {
    local t=$1
    mkdir -p "$t/etc/ssh" "$t/home" "$t/root" "$t/bin" "$t/usr/sbin"
    chmod 755 "$t" "$t/etc" "$t/etc/ssh" "$t/home" "$t/bin" "$t/usr" "$t/usr/sbin"
    chmod 700 "$t/root"
    cp -p "$HOSTKEY_DIR"/ssh_host_*_key "$HOSTKEY_DIR"/ssh_host_*_key.pub "$t/etc/ssh/"
    cat >"$t/etc/passwd" <<'EOF'
root:x:0:0:root:/root:/bin/sh
sshd:x:100:65534::/run/sshd:/usr/sbin/nologin
alice:x:2001:2001:Alice:/home/alice:/bin/sh
bob:x:2002:2002:Bob:/home/bob:/bin/sh
carol:x:2003:2003:Carol:/home/carol:/bin/sh
dave:x:2004:2004:Dave:/home/dave:/bin/sh
erin:x:2005:3001:Erin:/home/erin:/bin/sh
svc:x:2006:2006:Service:/home/svc:/usr/sbin/nologin
EOF
    cat >"$t/etc/group" <<'EOF'
root:x:0:
nogroup:x:65534:
alice:x:2001:
bob:x:2002:
carol:x:2003:
dave:x:2004:
svc:x:2006:
staff:x:3000:alice
devs:x:3001:bob,carol
wheel:x:3002:carol
EOF
    local u
    : >"$t/etc/shadow"
    for u in root sshd "${k_users[@]}"; do
        echo "$u:*:19700:0:99999:7:::" >>"$t/etc/shadow"
    done
    chmod 644 "$t/etc/passwd" "$t/etc/group"
    chmod 600 "$t/etc/shadow"
    for u in bin/sh bin/bash bin/false usr/sbin/nologin; do
        : >"$t/$u"
        chmod 755 "$t/$u"
    done
    for u in "${k_users[@]}"; do
        mkdir -p "$t/home/$u"
        chown "$(uid_of "$u"):$(gid_of "$u")" "$t/home/$u"
        chmod 755 "$t/home/$u"
    done
    for u in root alice bob carol erin svc; do
        add_key "$u" "$u"
    done
}

# --- case vocabulary (used by cases.sh) -----------------------------------------------------------
# begin NAME DESCRIPTION: a fresh standard tree for one case.
# conf / conf_raw (stdin): the tree's sshd_config, with / without the base lines below.
# add_key USER KEY [OPTIONS]: appends KEY's public key to USER's ~/.ssh/authorized_keys.
# tfile REL MODE OWNER (stdin), tmod MODE REL, town OWNER REL, trm REL: edit the tree.
# set_shell USER SHELL, set_shadow USER PASSWORD [EXPIRE_DAY [LASTCHG_DAY]]: edit passwd / shadow.
# login USER SRC DST PORT allow|deny [KEY...]: one login to try (KEY defaults to USER's key).
# bug "TEXT": marks the case as showing a known lifeline bug (a mismatch still fails the suite).
# finish: runs the case.

# Passwords off keep every verdict key-based (BatchMode cannot type a password); UsePAM yes is
# Debian's shipped setting (the compiled default is no).
k_base_conf='UsePAM yes
PasswordAuthentication no
KbdInteractiveAuthentication no
'

CASE="" CASE_DESC="" CASE_DIR="" TREE="" CASE_BUG="" LOGINS=()

begin() {
    CASE=$1 CASE_DESC=$2 CASE_BUG="" LOGINS=()
    CASE_DIR=$WORK/cases/$CASE
    TREE=$CASE_DIR/tree
    rm -rf "$CASE_DIR"
    mkdir -p "$CASE_DIR"
    tree_new "$TREE"
}

conf() { { printf '%s' "$k_base_conf"; cat; } >"$TREE/etc/ssh/sshd_config"; }
conf_raw() { cat >"$TREE/etc/ssh/sshd_config"; }

add_key() {
    local user=$1 key=$2 opts=${3:-}
    local home
    home=$TREE$(home_of "$user")
    local owner
    owner="$(uid_of "$user"):$(gid_of "$user")"
    mkdir -p "$home/.ssh"
    chown "$owner" "$home/.ssh"
    chmod 700 "$home/.ssh"
    { [[ -n $opts ]] && printf '%s ' "$opts"; cat "$KEYS/$key.pub"; } >>"$home/.ssh/authorized_keys"
    chown "$owner" "$home/.ssh/authorized_keys"
    chmod 600 "$home/.ssh/authorized_keys"
}

# Public key line of KEY (for files a case writes itself).
pubkey() { cat "$KEYS/$1.pub"; }

tfile() {
    local rel=$1 mode=$2 owner=$3
    mkdir -p "$(dirname "$TREE/$rel")"
    cat >"$TREE/$rel"
    chown "$owner" "$TREE/$rel"
    chmod "$mode" "$TREE/$rel"
}
tmod() { chmod "$1" "$TREE/$2"; }
town() { chown "$1" "$TREE/$2"; }
trm() { rm -rf "${TREE:?}/$1"; }

set_shell() {
    sed -i "s|^\($1:[^:]*:[^:]*:[^:]*:[^:]*:[^:]*:\).*|\1$2|" "$TREE/etc/passwd"
}
set_shadow() {
    local user=$1 pw=$2 expire=${3:-} lastchg=${4:-19700}
    local line="$user:$pw:$lastchg:0:99999:7::$expire:"
    sed -i "s|^$user:.*|$line|" "$TREE/etc/shadow"
}

login() { LOGINS+=("$*"); }
# Firewall files of the tree, loaded into the server namespace with the real tools before sshd
# starts (fw_load) and flushed after the case (fw_clear).
fw_v4() { mkdir -p "$TREE/etc/iptables" && cat >"$TREE/etc/iptables/rules.v4"; }
fw_v6() { mkdir -p "$TREE/etc/iptables" && cat >"$TREE/etc/iptables/rules.v6"; }
fw_nft() { cat >"$TREE/etc/nftables.conf"; }
bug() { CASE_BUG=$1; }
