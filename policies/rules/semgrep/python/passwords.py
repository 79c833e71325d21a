import base64
import crypt
import hashlib
import logging
import os
import sqlite3

import bcrypt
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.pbkdf2 import PBKDF2HMAC
from flask import Flask, request
from werkzeug.security import generate_password_hash

app = Flask(__name__)
logger = logging.getLogger(__name__)
SALT = b"acme-static-salt"


def constant_salt(password):
    # ruleid: python.password-hash-constant-salt
    return hashlib.pbkdf2_hmac("sha256", password.encode(), SALT, 600_000)


def literal_salt(password):
    # ruleid: python.password-hash-constant-salt
    return hashlib.pbkdf2_hmac("sha256", password.encode(), b"pepper", 600_000)


def kdf_literal_salt():
    # ruleid: python.password-hash-constant-salt
    return PBKDF2HMAC(algorithm=hashes.SHA256(), length=32, salt=b"0123456789abcdef", iterations=600_000)


def random_salt(password):
    salt = os.urandom(16)
    # ok: python.password-hash-constant-salt
    return salt, hashlib.pbkdf2_hmac("sha256", password.encode(), salt, 600_000)


def bcrypt_fresh(password):
    # ok: python.password-hash-constant-salt
    return bcrypt.hashpw(password.encode(), bcrypt.gensalt())


def few_iterations(password):
    salt = os.urandom(16)
    # ruleid: python.password-hash-few-iterations
    return hashlib.pbkdf2_hmac("sha1", password.encode(), salt, 1000)


def few_iterations_kdf(salt):
    # ruleid: python.password-hash-few-iterations
    return PBKDF2HMAC(algorithm=hashes.SHA256(), length=32, salt=salt, iterations=10000)


def enough_iterations(password):
    salt = os.urandom(16)
    # ok: python.password-hash-few-iterations
    return hashlib.pbkdf2_hmac("sha256", password.encode(), salt, 600000)


def md5_crypt(password):
    # ruleid: python.password-hash-obsolete-crypt
    return crypt.crypt(password, "$1$saltsalt$")


def des_crypt(password):
    # ruleid: python.password-hash-obsolete-crypt
    return crypt.crypt(password, "ab")


def sha512_crypt(password):
    # ok: python.password-hash-obsolete-crypt
    return crypt.crypt(password, crypt.mksalt(crypt.METHOD_SHA512))


def remember(password):
    # ruleid: python.password-base64-encoded
    return base64.b64encode(password.encode()).decode()


def basic_auth_header(user, password):
    # ok: python.password-base64-encoded
    token = base64.b64encode(f"{user}:{password}".encode()).decode()
    return {"Authorization": "Basic " + token}


@app.route("/register", methods=["POST"])
def register():
    username = request.form["username"]
    password = request.form["password"]
    db = sqlite3.connect("users.db")
    # ruleid: python.password-stored-plaintext
    db.execute("INSERT INTO users (username, password) VALUES (?, ?)", (username, password))
    db.commit()
    return "ok"


@app.route("/register2", methods=["POST"])
def register_hashed():
    username = request.form["username"]
    password_hash = generate_password_hash(request.form["password"])
    db = sqlite3.connect("users.db")
    # ok: python.password-stored-plaintext
    db.execute("INSERT INTO users (username, password_hash) VALUES (?, ?)", (username, password_hash))
    db.commit()
    return "ok"


@app.route("/signup", methods=["POST"])
def signup():
    data = request.get_json()
    # ruleid: python.password-stored-plaintext
    user = User(name=data["name"], password=request.get_json()["password"])
    return str(user)


@app.route("/login", methods=["POST"])
def login():
    password = request.form["password"]
    db = sqlite3.connect("users.db")
    # ok: python.password-stored-plaintext
    db.execute("INSERT INTO attempts (username, ok) VALUES (?, ?)", (request.form["username"], len(password) > 0))
    return "ok"


def log_attempt(username, password, token):
    # ruleid: python.password-logged
    logger.info("login user=%s password=%s", username, password)
    # ruleid: python.password-logged
    logging.debug(f"using token {token} and secret {password}")
    # ok: python.password-logged
    logger.info("login attempt for %s", username)
    # ok: python.password-logged
    logger.info("password reset requested for %s", username)


class User:
    def __init__(self, name, password):
        self.name = name
        self.password = password


def register_md5(user, raw: str):
    import hashlib

    digest = hashlib.md5(raw.encode()).hexdigest()
    # ruleid: python.weak-hash-stored-as-password
    user.set_password(digest)


def register_sha1(account, raw: bytes):
    from cryptography.hazmat.primitives import hashes

    h = hashes.Hash(hashes.SHA1())
    h.update(raw)
    # ruleid: python.weak-hash-stored-as-password
    account.password_hash = h.finalize().hex()


def register_strong(user, raw: str):
    from werkzeug.security import generate_password_hash

    # ok: python.weak-hash-stored-as-password
    user.password_hash = generate_password_hash(raw)
    import hashlib

    fingerprint = hashlib.md5(raw.encode()).hexdigest()
    user.avatar_key = fingerprint
    # ok: python.weak-hash-stored-as-password
    user.set_password(raw)
