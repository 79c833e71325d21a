import logging
import socket
import ssl
import sys

import jwt
import requests

log = logging.getLogger(__name__)


def banner(host):
    ctx = ssl.create_default_context()
    raw = socket.create_connection((host, 443))
    # ruleid: python.verification-failure-ignored
    try:
        tls = ctx.wrap_socket(raw, server_hostname=host)
        data = tls.recv(1024)
    except ssl.SSLCertVerificationError:
        raw.sendall(b"HELLO\r\n")
        data = raw.recv(1024)
    return data


def claims(token, key):
    # ruleid: python.verification-failure-ignored
    try:
        payload = jwt.decode(token, key, algorithms=["HS256"])
    except jwt.InvalidSignatureError:
        payload = jwt.decode(token, options={"verify_signature": False})
    return payload


def fetch(url):
    # ruleid: python.verification-failure-ignored
    try:
        body = requests.get(url, timeout=5).text
    except requests.exceptions.SSLError as exc:
        log.warning("TLS problem: %s", exc)
        body = ""
    return body


def banner_strict(host):
    ctx = ssl.create_default_context()
    raw = socket.create_connection((host, 443))
    # ok: python.verification-failure-ignored
    try:
        return ctx.wrap_socket(raw, server_hostname=host).recv(1024)
    except ssl.SSLCertVerificationError:
        log.error("certificate verification failed for %s", host)
        raise


def claims_strict(token, key):
    # ok: python.verification-failure-ignored
    try:
        return jwt.decode(token, key, algorithms=["HS256"])
    except jwt.InvalidTokenError:
        return None


def main(url):
    # ok: python.verification-failure-ignored
    try:
        print(requests.get(url, timeout=5).text)
    except requests.exceptions.SSLError as exc:
        print(f"TLS error: {exc}", file=sys.stderr)
        sys.exit(2)


def parse(text):
    # ok: python.verification-failure-ignored
    try:
        return int(text)
    except ValueError:
        pass


def banner_fallback(host):
    ctx = ssl.create_default_context()
    with socket.create_connection((host, 443)) as raw:
        # ruleid: python.verification-failure-ignored
        try:
            with ctx.wrap_socket(raw, server_hostname=host) as tls:
                return tls.recv(1024)
        except ssl.SSLCertVerificationError:
            raw.sendall(b"HELLO\r\n")
            return raw.recv(1024)


def verify_view(token, key):
    # ok: python.verification-failure-ignored
    try:
        jwt.decode(token, key, algorithms=["HS256"])
    except jwt.ExpiredSignatureError:
        return {"error": "expired"}, 401
    return {"ok": True}, 200


def deploy(release_dir):
    import os
    import subprocess

    # ruleid: python.verification-result-ignored
    subprocess.call(["gpg", "--verify", f"{release_dir}/SHA256SUMS.asc"])
    # ruleid: python.verification-result-ignored
    os.system(f"sha256sum -c {release_dir}/SHA256SUMS")
    # ok: python.verification-result-ignored
    subprocess.run(["gpg", "--verify", f"{release_dir}/SHA256SUMS.asc"], check=True)
    # ok: python.verification-result-ignored
    if subprocess.call(["sha256sum", "-c", "SHA256SUMS"]) != 0:
        raise SystemExit("checksum mismatch")
    # ok: python.verification-result-ignored
    subprocess.call(["ln", "-sfn", release_dir, "/srv/app/current"])
