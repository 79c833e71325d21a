import os
import re
import stat
import tempfile

from flask import request


def save_report(path, data):
    with open(path, "w") as fh:
        fh.write(data)
    # ruleid: python.insecure-file-permissions
    os.chmod(path, 0o777)
    # ok: python.insecure-file-permissions
    os.chmod(path, 0o644)


def make_shared_dir(path):
    # ok: python.insecure-file-permissions
    os.makedirs(path, mode=0o777, exist_ok=True)  # the umask still applies: this is the default
    # ok: python.insecure-file-permissions
    os.makedirs(path, mode=0o750, exist_ok=True)


def create_script(path):
    # ruleid: python.insecure-file-permissions
    fd = os.open(path, os.O_WRONLY | os.O_CREAT, 0o777)
    # ok: python.insecure-file-permissions
    fd2 = os.open(path, os.O_WRONLY | os.O_CREAT, 0o666)
    return fd, fd2


def open_everything(path):
    # ruleid: python.insecure-file-permissions
    os.chmod(path, stat.S_IRWXU | stat.S_IRWXG | stat.S_IRWXO)
    # ok: python.insecure-file-permissions
    os.chmod(path, stat.S_IRUSR | stat.S_IWUSR)


def write_temp(data):
    # ruleid: python.insecure-temp-file
    name = tempfile.mktemp(suffix=".txt")
    with open(name, "w") as fh:
        fh.write(data)
    return name


def write_temp_safe(data):
    # ok: python.insecure-temp-file
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as fh:
        fh.write(data)
        return fh.name


def write_fixed_tmp(data):
    # ruleid: python.insecure-temp-file
    with open("/tmp/report.csv", "w") as fh:
        fh.write(data)


# ruleid: python.regex-dos
EMAIL_RE = re.compile(r"^([a-zA-Z0-9_.-]+)+@example\.com$")
# ok: python.regex-dos
EMAIL_OK = re.compile(r"^[a-zA-Z0-9_.-]+@example\.com$")


def is_valid_name(value):
    # ruleid: python.regex-dos
    return re.match(r"(\w+\s?)*$", value) is not None


def search_users(users):
    term = request.args.get("q", "")
    # ruleid: python.regex-injection
    pattern = re.compile(term)
    # ok: python.regex-injection
    escaped = re.compile(re.escape(term))
    return [u for u in users if pattern.search(u) or escaped.search(u)]


# ok: python.regex-dos
PEM_BODY = re.compile(r"(?:[A-Za-z0-9+/=\s]|\\n){64,}")
# ok: python.regex-dos
SLACK = re.compile(r"xox[abposr]-(?:[0-9]+-)+[A-Za-z0-9]+")
