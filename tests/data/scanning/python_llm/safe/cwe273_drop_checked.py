import os
import pwd
import socket


def serve():
    sock = socket.socket()
    sock.bind(("", 80))
    sock.listen()
    user = pwd.getpwnam("www-data")
    os.setgroups([])
    os.setgid(user.pw_gid)
    os.setuid(user.pw_uid)
    if os.getuid() == 0 or os.geteuid() == 0:
        raise SystemExit("failed to drop root privileges")
    return sock
