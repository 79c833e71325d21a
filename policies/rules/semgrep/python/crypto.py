import hashlib
import random
import secrets
import ssl
import string

import jwt
import requests
from Crypto.Cipher import AES, DES
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes


def hash_password(password):
    # ruleid: python.weak-password-hash
    return hashlib.md5(password.encode()).hexdigest()


def hash_password_sha(user):
    # ruleid: python.weak-password-hash
    return hashlib.sha256(user.password.encode("utf-8")).hexdigest()


def hash_password_by_name(password):
    # ruleid: python.weak-hash
    digest = hashlib.new("md5")
    # ruleid: python.weak-password-hash
    digest.update(password.encode())
    # ruleid: python.weak-password-hash, python.weak-hash
    return hashlib.new("sha1", password.encode()).hexdigest() + digest.hexdigest()


def hash_password_ok(password, salt):
    # ok: python.weak-password-hash
    return hashlib.pbkdf2_hmac("sha256", password.encode(), salt, 600_000)


def file_checksum(path):
    with open(path, "rb") as fh:
        # ruleid: python.weak-hash
        return hashlib.md5(fh.read()).hexdigest()


def cache_key(url):
    # ok: python.weak-hash
    return hashlib.md5(url.encode(), usedforsecurity=False).hexdigest()


def fingerprint(data):
    # ok: python.weak-hash
    return hashlib.sha256(data).hexdigest()


def encrypt_des(key, data):
    # ruleid: python.weak-cipher
    cipher = DES.new(key, DES.MODE_CBC)
    return cipher.encrypt(data)


def encrypt_ecb(key, data):
    # ruleid: python.weak-cipher
    cipher = AES.new(key, AES.MODE_ECB)
    return cipher.encrypt(data)


def encrypt_gcm(key, data):
    # ok: python.weak-cipher
    cipher = AES.new(key, AES.MODE_GCM)
    return cipher.encrypt_and_digest(data)


def encrypt_hazmat(key, block):
    # ruleid: python.weak-cipher
    enc = Cipher(algorithms.AES(key), modes.ECB()).encryptor()
    return enc.update(block)


def make_key():
    # ruleid: python.weak-rsa-key
    weak = rsa.generate_private_key(public_exponent=65537, key_size=1024)
    # ok: python.weak-rsa-key
    strong = rsa.generate_private_key(public_exponent=65537, key_size=3072)
    positional = rsa.generate_private_key(
        65537,
        # ruleid: python.weak-rsa-key
        1024,
    )
    # ok: python.weak-rsa-key
    positional_strong = rsa.generate_private_key(65537, 4096)
    return weak, strong, positional, positional_strong


def generate_reset_token(length=32):
    alphabet = string.ascii_letters + string.digits
    # ruleid: python.insecure-random-secret
    return "".join(random.choice(alphabet) for _ in range(length))


def create_user(name):
    # ruleid: python.insecure-random-secret
    temp_password = "".join(random.choices(string.ascii_letters, k=12))
    # ok: python.insecure-random-secret
    api_token = secrets.token_urlsafe(32)
    return name, temp_password, api_token


def pick_color():
    # ok: python.insecure-random-secret
    color = random.choice(["red", "green", "blue"])
    return color


def roll_dice():
    # ok: python.insecure-random-secret
    return random.randint(1, 6)


def fetch_insecure(url):
    # ruleid: python.tls-verification-disabled
    return requests.get(url, verify=False, timeout=10)


def fetch_secure(url):
    # ok: python.tls-verification-disabled
    return requests.get(url, verify="/etc/ssl/corp-ca.pem", timeout=10)


def make_context():
    ctx = ssl.create_default_context()
    # ruleid: python.tls-verification-disabled
    ctx.check_hostname = False
    # ruleid: python.tls-verification-disabled
    ctx.verify_mode = ssl.CERT_NONE
    return ctx


def read_claims(token):
    # ruleid: python.jwt-verification-disabled
    return jwt.decode(token, options={"verify_signature": False})


def read_claims_verified(token, key):
    # ok: python.jwt-verification-disabled
    return jwt.decode(token, key, algorithms=["HS256"])


# Flask handlers: random values as cookie and session identifiers (python.insecure-random-session-value).
from flask import Flask, make_response, session  # noqa: E402

web = Flask(__name__)


@web.route("/remember")
def remember_me():
    value = random.random()
    remember_me_key = str(value)[2:]
    resp = make_response("ok")
    # ruleid: python.insecure-random-session-value
    resp.set_cookie("rememberMe", remember_me_key, secure=True, httponly=True)
    # ruleid: python.insecure-random-session-value
    session["rememberMe"] = remember_me_key
    return resp


@web.route("/user")
def user_id():
    bits = random.getrandbits(64)
    # ruleid: python.insecure-random-session-value
    session["userid"] = "User:" + str(bits)
    return "ok"


@web.route("/remember-safe")
def remember_me_safe():
    remember_me_key = secrets.token_urlsafe(24)
    resp = make_response("ok")
    # ok: python.insecure-random-session-value
    resp.set_cookie("rememberMe", remember_me_key, secure=True, httponly=True)
    # ok: python.insecure-random-session-value
    session["rememberMe"] = remember_me_key
    return resp


@web.route("/user-safe")
def user_id_safe():
    value = random.SystemRandom().getrandbits(64)
    # ok: python.insecure-random-session-value
    session["userid"] = "User:" + str(value)
    return "ok"


@web.route("/theme")
def theme():
    # ok: python.insecure-random-session-value
    session["theme"] = random.choice(["dark", "light"])
    return "ok"


def tls_client(host):
    import socket

    # ruleid: python.weak-tls-version
    old = ssl.SSLContext(ssl.PROTOCOL_TLSv1)
    ctx = ssl.create_default_context()
    # ruleid: python.weak-tls-version
    ctx.minimum_version = ssl.TLSVersion.TLSv1
    # ok: python.weak-tls-version
    ctx.minimum_version = ssl.TLSVersion.TLSv1_2
    # ok: python.weak-tls-version
    modern = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    # ruleid: python.tls-verification-disabled
    raw = ssl.wrap_socket(socket.socket())
    # ok: python.tls-verification-disabled
    checked = ssl.wrap_socket(socket.socket(), cert_reqs=ssl.CERT_REQUIRED, ca_certs="/etc/ssl/ca.pem")
    return old, modern, raw, checked


STATIC_IV = b"0000000000000000"


def encrypt_cbc(key, data):
    import os

    # ruleid: python.static-iv
    first = AES.new(key, AES.MODE_CBC, STATIC_IV).encrypt(data)
    # ruleid: python.static-iv
    second = Cipher(algorithms.AES(key), modes.CBC(b"\x00" * 16))
    iv = os.urandom(16)
    # ok: python.static-iv
    third = AES.new(key, AES.MODE_CBC, iv).encrypt(data)
    # ok: python.static-iv
    fourth = Cipher(algorithms.AES(key), modes.CBC(iv))
    return first, second, third, fourth


def key():
    # ruleid: python.insecure-random-secret
    return bytes(random.getrandbits(8) for _ in range(16))


def pools():
    import urllib3

    # ruleid: python.tls-verification-disabled
    loose = urllib3.PoolManager(10, cert_reqs=ssl.CERT_OPTIONAL)
    # ruleid: python.tls-verification-disabled
    proxy = urllib3.ProxyManager("http://localhost:3128/", cert_reqs="NONE")
    # ok: python.tls-verification-disabled
    strict = urllib3.PoolManager(10, cert_reqs="CERT_REQUIRED")
    return loose, proxy, strict


def id_codecs(app, settings, current_app):
    from hashids import Hashids

    # ruleid: python.hashids-secret-key-salt
    by_setting = Hashids(salt=settings.SECRET_KEY, min_length=8)
    # ruleid: python.hashids-secret-key-salt
    by_config = Hashids(min_length=6, salt=current_app.config["SECRET_KEY"])
    # ruleid: python.hashids-secret-key-salt
    positional = Hashids(app.secret_key, 10)
    # ok: python.hashids-secret-key-salt
    own_salt = Hashids(salt=app.config["HASHIDS_SALT"], min_length=8)
    # ok: python.hashids-secret-key-salt
    constant_salt = Hashids(min_length=8)
    return by_setting, by_config, positional, own_salt, constant_salt
