#!/bin/sh
# Stand-in for `lifeline dump sshd --root DIR [-C SPEC]` that asks the REAL sshd, each run in its
# own private mount namespace. Point the suite at it to validate the harness end to end: every
# comparison must then agree.
#   LIFELINE_SSHD_DIFF_SUBJECT=$PWD/tests/differential/tools/sshd-as-lifeline.sh build/sshd_differential_test
set -u
if [ "$#" -lt 4 ] || [ "$1" != dump ] || [ "$2" != sshd ] || [ "$3" != --root ]; then
    echo "usage: $0 dump sshd --root DIR [-C SPEC]" >&2
    exit 2
fi
root=$4
shift 4
sshd=$(command -v sshd || echo /usr/sbin/sshd)
exec unshare --mount --propagation private /bin/sh -c '
    root=$1 sshd=$2
    shift 2
    mount --bind "$root/etc/ssh" /etc/ssh || exit 99
    for f in passwd group services hosts; do
        if [ -e "$root/etc/$f" ]; then mount --bind "$root/etc/$f" "/etc/$f" || exit 99; fi
    done
    cd / && exec "$sshd" -T "$@"' sh "$root" "$sshd" "$@"
