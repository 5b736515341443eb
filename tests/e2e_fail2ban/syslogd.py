#!/usr/bin/env python3
"""A minimal syslog receiver for the fail2ban e2e suite (README.md).

  syslogd.py SOCKET LOGFILE HOSTNAME

Binds a Unix datagram socket at SOCKET (the suite bind-mounts it at /dev/log inside sshd's
private mount namespace) and appends every message to LOGFILE in rsyslog's traditional file
format, `Mmm dd hh:mm:ss HOSTNAME TAG[PID]: MESSAGE`, flushed line by line: what fail2ban's
sshd filter reads from /var/log/auth.log on a Debian host that runs rsyslog. glibc's syslog()
sends `<PRI>Mmm dd hh:mm:ss TAG[PID]: MESSAGE`; the priority is dropped and the host name
inserted after the time stamp. Runs until it is killed.
"""

import os
import re
import socket
import sys

_HEADER = re.compile(rb"^<\d{1,3}>([A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d) (.*)$", re.S)


def main():
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    path, logfile, hostname = sys.argv[1], sys.argv[2], sys.argv[3].encode()
    try:
        os.unlink(path)
    except FileNotFoundError:
        pass
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    sock.bind(path)
    os.chmod(path, 0o666)
    with open(logfile, "ab", buffering=0) as out:
        while True:
            data = sock.recv(65536)
            m = _HEADER.match(data)
            if m:
                stamp, rest = m.group(1), m.group(2)
            else:  # not from glibc: keep it whole, still one line
                stamp, rest = b"Jan  1 00:00:00", data
            rest = rest.rstrip(b"\0\r\n").replace(b"\n", b" ")
            out.write(stamp + b" " + hostname + b" " + rest + b"\n")


if __name__ == "__main__":
    main()
