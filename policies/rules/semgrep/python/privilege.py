import logging
import os
import pwd
import socket
import subprocess

log = logging.getLogger(__name__)


def run_backup(target):
    # ruleid: python.setuid-root
    os.setuid(0)
    subprocess.run(["/usr/local/bin/backup", target], check=True)


def become_root_group():
    # ruleid: python.setuid-root
    os.setgid(0)


def drop_to_www():
    user = pwd.getpwnam("www-data")
    # ok: python.setuid-root
    os.setuid(user.pw_uid)


def serve_swallowing():
    sock = socket.socket()
    sock.bind(("", 80))
    # ruleid: python.privilege-drop-unchecked
    try:
        os.setgid(1000)
        os.setuid(1000)
    except OSError:
        pass
    return sock


def serve_logging_only():
    # ruleid: python.privilege-drop-unchecked
    try:
        os.setuid(1000)
    except OSError as exc:
        log.warning("could not drop privileges: %s", exc)


def serve_checked():
    # ok: python.privilege-drop-unchecked
    try:
        os.setuid(1000)
    except OSError:
        raise SystemExit("cannot drop root")
    if os.getuid() == 0:
        raise SystemExit("still root")


def read_if_allowed(path):
    if os.access(path, os.R_OK):
        # ruleid: python.toctou-check-then-open
        with open(path) as fh:
            return fh.read()
    return None


def append_unless_link(path, line):
    if not os.path.islink(path):
        # ruleid: python.toctou-check-then-open
        with open(path, "a") as fh:
            fh.write(line)


def create_once(path, data):
    if not os.path.exists(path):
        # ruleid: python.toctou-create-if-missing
        with open(path, "w") as fh:
            fh.write(data)


def read_if_present(path):
    if os.path.exists(path):
        # ok: python.toctou-check-then-open
        with open(path) as fh:
            return fh.read()
    return ""


def read_or_none(path):
    try:
        # ok: python.toctou-check-then-open
        with open(path) as fh:
            return fh.read()
    except PermissionError:
        return None


def append_nofollow(path, line):
    # ok: python.toctou-check-then-open
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT | os.O_NOFOLLOW, 0o600)
    with os.fdopen(fd, "a") as fh:
        fh.write(line)
