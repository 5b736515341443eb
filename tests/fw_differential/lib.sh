# shellcheck shell=bash disable=SC2034  # globals read by run_fwdiff.sh
# Machinery of the firewall differential suite (README.md): the two network namespaces, the
# sandboxed /etc the real firewall tools read, the rule loads, the listener and the probes.
# Sourced by run_fwdiff.sh.

# --- addresses ------------------------------------------------------------------------------------
# Server side of the veth pair (renamed to fwd0 inside the server namespace, so cases can name it).
k_iface=fwd0
k_srv4=10.66.0.1
k_srv4_b=10.66.0.10
k_srv6=fd66::1
k_srv6_b=fd66::10
# Client sources: two on the veth subnet, the rest in subnets routed via the client's veth address
# (the server routes 10.66.0.0/16 and fd66::/48 back through it). IPv6 uses nodad: usable at once.
k_cli4=(10.66.0.2 10.66.0.3 10.66.1.5 10.66.1.77 10.66.2.9 10.66.200.1)
k_cli6=(fd66::2 fd66::3 fd66:0:0:1::5 fd66:0:0:1::77 fd66:0:0:2::9 fd66:0:0:c8::1)

k_probe_timeout_ms=${FWDIFF_TIMEOUT_MS:-400}  # one connect(); a DROP costs exactly this
k_load_timeout_s=60     # all loads of one case (ufw-init runs many iptables commands)
k_listen_wait_s=5       # the listener must print `ready` within this
k_listen_life_s=120     # a listener that is never stopped still ends
k_lifeline_timeout_s=30

# --- state (owned by run_fwdiff.sh) ---------------------------------------------------------------
NS_S="" NS_C="" VETH_S="" VETH_C=""
LISTEN_PID=""       # fw_probe listen in the server namespace, or ""
WORK=""             # scratch directory of this run

log() { printf '%s\n' "$*"; }
die() { printf 'fw differential: %s\n' "$*" >&2; exit 1; }

# --- namespaces -----------------------------------------------------------------------------------
# net_up ID: a fresh server and client namespace joined by a veth pair (names carry ID, which
# carries the run's $$, so parallel runs never meet).
net_up() {
    local id=$1
    NS_S="llfw-s-$id" NS_C="llfw-c-$id" VETH_S="lf$$s" VETH_C="lf$$c"
    ip netns add "$NS_S" && ip netns add "$NS_C" &&
        ip link add "$VETH_S" type veth peer name "$VETH_C" &&
        ip link set "$VETH_S" netns "$NS_S" && ip link set "$VETH_C" netns "$NS_C" || return 1
    local s=(ip -n "$NS_S") c=(ip -n "$NS_C") a
    "${s[@]}" link set "$VETH_S" name "$k_iface" &&
        "${s[@]}" link set lo up && "${c[@]}" link set lo up &&
        "${s[@]}" addr add "$k_srv4/24" dev "$k_iface" &&
        "${s[@]}" addr add "$k_srv4_b/24" dev "$k_iface" &&
        "${s[@]}" -6 addr add "$k_srv6/64" dev "$k_iface" nodad &&
        "${s[@]}" -6 addr add "$k_srv6_b/64" dev "$k_iface" nodad &&
        "${c[@]}" addr add "${k_cli4[0]}/24" dev "$VETH_C" &&
        "${c[@]}" -6 addr add "${k_cli6[0]}/64" dev "$VETH_C" nodad || return 1
    for a in "${k_cli4[@]:1}"; do "${c[@]}" addr add "$a/32" dev "$VETH_C" || return 1; done
    for a in "${k_cli6[@]:1}"; do "${c[@]}" -6 addr add "$a/128" dev "$VETH_C" nodad || return 1; done
    "${s[@]}" link set "$k_iface" up && "${c[@]}" link set "$VETH_C" up &&
        "${s[@]}" route add 10.66.0.0/16 via "${k_cli4[0]}" &&
        "${s[@]}" -6 route add fd66::/48 via "${k_cli6[0]}" || return 1
    # ICMP errors are rate-limited per peer (a burst of 6, then one a second): a case with many
    # REJECTs from one source would see later rejections as timeouts. Not a firewall verdict.
    ip netns exec "$NS_S" sysctl -q -w net.ipv4.icmp_ratelimit=0 net.ipv6.icmp.ratelimit=0 || return 1
    ip netns exec "$NS_S" sysctl -q -w net.ipv4.icmp_msgs_burst=10000 2>/dev/null
    return 0
}

# Removes what net_up made (by name); safe to call twice and after a partial net_up.
net_down() {
    [[ -n $NS_S ]] && ip netns del "$NS_S" 2>/dev/null
    [[ -n $NS_C ]] && ip netns del "$NS_C" 2>/dev/null
    # A veth that never reached its namespace is still in ours.
    [[ -n $VETH_S ]] && ip link del "$VETH_S" 2>/dev/null
    NS_S="" NS_C=""
    return 0
}

# --- the sandboxed /etc -----------------------------------------------------------------------------
# Firewall files the host's own /etc must never lend to a case: the case has them or not at all.
# alternatives/ is built per case (sandbox_alternatives): it selects the iptables backend.
k_fw_etc='iptables nftables.conf nftables.d nftables ufw alternatives'

# sandbox_build TREE SB: SB/etc is the case's etc plus symlinks to everything else of the host's
# /etc (through SB/hostetc, where load_rules.sh binds the real /etc before hiding it), so the real
# tools find their libraries and protocol tables but only the case's firewall files. Writes
# SB/backends (`4 nft|legacy`, `6 nft|legacy`); returns 1 when the tree names a backend that is
# neither.
sandbox_build() {
    local tree=$1 sb=$2 e name
    mkdir -p "$sb/etc/default" "$sb/hostetc"
    [[ -d $tree/etc ]] && cp -a "$tree/etc/." "$sb/etc/"
    for e in /etc/* /etc/.[!.]*; do
        [[ -e $e || -L $e ]] || continue
        name=${e#/etc/}
        [[ " $k_fw_etc " == *" $name "* ]] && continue
        [[ -e $sb/etc/$name || -L $sb/etc/$name ]] || ln -s "$sb/hostetc/$name" "$sb/etc/$name"
    done
    for e in /etc/default/*; do
        name=${e#/etc/default/}
        [[ $name == ufw ]] && continue
        [[ -e $sb/etc/default/$name || -L $sb/etc/default/$name ]] ||
            ln -s "$sb/hostetc/default/$name" "$sb/etc/default/$name"
    done
    sandbox_alternatives "$tree" "$sb"
}

# sandbox_alternatives TREE SB: SB/etc/alternatives as update-alternatives leaves it on a host
# whose choices are the tree's: the `iptables` and `ip6tables` masters come from the tree
# (etc/alternatives/iptables -> /usr/sbin/iptables-legacy selects legacy) or are Debian 12's
# default, iptables-nft; their slaves `-restore` and `-save` follow the master unless the tree
# names them too. Every other alternative is the host's (copied links, absolute targets), so
# /usr/sbin/iptables -> /etc/alternatives/iptables -> ... resolves inside the sandbox for the
# restore tools and for ufw-init alike.
sandbox_alternatives() {
    local tree=$1 sb=$2 alt=$2/etc/alternatives master target backend fam slave rc=0
    mkdir -p "$alt"
    : >"$sb/backends"
    for master in iptables ip6tables; do
        fam=4
        [[ $master == ip6tables ]] && fam=6
        if [[ -L $tree/etc/alternatives/$master ]]; then
            target=$(readlink "$tree/etc/alternatives/$master")
        else
            target=/usr/sbin/$master-nft
            ln -sfn "$target" "$alt/$master"
        fi
        case $target in
            "/usr/sbin/$master-legacy") backend=legacy ;;
            "/usr/sbin/$master-nft") backend=nft ;;
            *) backend=invalid rc=1 ;;
        esac
        echo "$fam $backend" >>"$sb/backends"
        [[ $backend == invalid ]] && continue
        for slave in restore save; do
            [[ -e $tree/etc/alternatives/$master-$slave || -L $tree/etc/alternatives/$master-$slave ]] ||
                ln -sfn "/usr/sbin/$master-$backend-$slave" "$alt/$master-$slave"
        done
    done
    # The host's other alternatives; never overwrites what the tree or the lines above wrote.
    cp -a -n /etc/alternatives/. "$alt/" 2>/dev/null
    return $rc
}

# stock_ufw TREE: the files of Debian's ufw package a case does not bring itself (the package's
# pristine rule templates from /usr/share/ufw, its init hooks, sysctl.conf and app profiles).
stock_ufw() {
    local tree=$1 f
    mkdir -p "$tree/etc/ufw/applications.d"
    for f in before.rules before6.rules after.rules after6.rules user.rules user6.rules; do
        [[ -e $tree/etc/ufw/$f ]] || cp "/usr/share/ufw/iptables/$f" "$tree/etc/ufw/$f"
    done
    for f in before.init after.init; do
        [[ -e $tree/etc/ufw/$f ]] || install -m 755 "/usr/share/ufw/$f" "$tree/etc/ufw/$f"
    done
    [[ -e $tree/etc/ufw/sysctl.conf ]] || cp /etc/ufw/sysctl.conf "$tree/etc/ufw/sysctl.conf"
    for f in /etc/ufw/applications.d/*; do
        [[ -e $tree/etc/ufw/applications.d/${f##*/} ]] || cp "$f" "$tree/etc/ufw/applications.d/"
    done
}

# load_rules SB OUT: the real tools load the case's files into the server namespace, inside a
# private mount namespace whose /etc is the sandbox (gone when the loads end). Writes OUT/loads
# (`NAME EXIT` per load, in load order) and OUT/load-NAME.log.
load_rules() {
    local sb=$1 out=$2
    : >"$out/loads"
    timeout "$k_load_timeout_s" ip netns exec "$NS_S" unshare -m --propagation private \
        bash "$FWDIFF_DIR/load_rules.sh" "$sb" "$out" </dev/null >"$out/load.log" 2>&1
}

# --- listener and probes ----------------------------------------------------------------------------
# listen_start OUT PORT...: fw_probe listen in the server namespace; 0 once it is ready.
listen_start() {
    local out=$1
    shift
    ip netns exec "$NS_S" "$FW_PROBE" listen --max-seconds "$k_listen_life_s" "$@" \
        >"$out/listen.out" 2>&1 </dev/null &
    LISTEN_PID=$!
    local i
    for ((i = 0; i < k_listen_wait_s * 50; ++i)); do
        grep -q '^ready$' "$out/listen.out" 2>/dev/null && return 0
        kill -0 "$LISTEN_PID" 2>/dev/null || break
        sleep 0.02
    done
    listen_stop
    return 1
}

listen_stop() {
    [[ -n $LISTEN_PID ]] || return 0
    kill -TERM "$LISTEN_PID" 2>/dev/null
    local i
    for ((i = 0; i < 100; ++i)); do
        kill -0 "$LISTEN_PID" 2>/dev/null || break
        sleep 0.02
    done
    kill -KILL "$LISTEN_PID" 2>/dev/null
    wait "$LISTEN_PID" 2>/dev/null
    LISTEN_PID=""
}

# probe_all IN OUT SERIAL: every `SRC DST PORT` line of IN from the client namespace; OUT gets
# `RESULT DETAIL` per line.
probe_all() {
    local in=$1 out=$2 serial=$3 n bound mode=()
    n=$(wc -l <"$in")
    ((serial)) && mode=(--serial)
    bound=$((5 + (serial ? n : 1) * (k_probe_timeout_ms / 1000 + 1)))
    timeout "$bound" ip netns exec "$NS_C" "$FW_PROBE" batch "${mode[@]}" \
        "$k_probe_timeout_ms" <"$in" >"$out" 2>&1
}

# lifeline_verdict TREE FAMILY SRC DST PORT BASE: lifeline's firewall layer for one probe into
# BASE.json and BASE.layer (lines `verdict V`, `reason R`, `trace …`, `error …`).
lifeline_verdict() {
    local tree=$1 src=$3 dst=$4 port=$5 base=$6
    local addr=$src
    [[ $2 == 6 ]] && addr="[$src]"
    timeout "$k_lifeline_timeout_s" "$LIFELINE" access "root@$addr:$port" --root "$tree" \
        --to "$dst" --format json >"$base.json" 2>"$base.stderr"
    echo "$?" >"$base.rc"
    "$FW_PROBE" layer "$base.json" firewall >"$base.layer" 2>>"$base.stderr" ||
        echo "verdict invalid-json" >"$base.layer"
}
