import os

import jwt
import psycopg2
from flask import Flask

app = Flask(__name__)

# ruleid: python.hardcoded-credential
DB_PASSWORD = "Sup3rS3cret!2024"
# ok: python.hardcoded-credential
DB_PASSWORD_ENV = os.environ["DB_PASSWORD"]
# ok: python.hardcoded-credential
password = ""
# ruleid: python.placeholder-credential
API_KEY = "your-api-key"
# ruleid: python.hardcoded-credential
STRIPE_API_KEY = "sk_live_51HxQe2Kf9dR7vT3mP0aZ"


def connect():
    # ruleid: python.hardcoded-credential
    return psycopg2.connect(host="db", user="app", password="hunter2-prod")


def connect_env():
    # ok: python.hardcoded-credential
    return psycopg2.connect(host="db", user="app", password=os.environ["PGPASSWORD"])


CONFIG = {
    "host": "smtp.example.com",
    # ruleid: python.hardcoded-credential
    "password": "mailpass123",
}

# ruleid: python.hardcoded-secret-key
app.secret_key = "dev-secret-key-123"
# ruleid: python.hardcoded-secret-key
app.config["SECRET_KEY"] = "super-secret"
# ok: python.hardcoded-secret-key
app.config["SECRET_KEY"] = os.environ["SECRET_KEY"]
# ruleid: python.placeholder-credential
app.secret_key = "YOUR_SECRET_KEY"
# ruleid: python.placeholder-credential
app.config["SECRET_KEY"] = "change-me"
# ok: python.placeholder-credential
app.secret_key = os.environ.get("SECRET_KEY", "")


def issue_token(user_id):
    # ruleid: python.hardcoded-secret-key
    return jwt.encode({"sub": user_id}, "my-jwt-secret", algorithm="HS256")


def issue_token_env(user_id):
    # ok: python.hardcoded-secret-key
    return jwt.encode({"sub": user_id}, os.environ["JWT_SECRET"], algorithm="HS256")

# ok: python.hardcoded-credential
REVISION_TOKEN = "REVISION_SCRIPT_FILENAME"


def check_login(username, password):
    # ruleid: python.hardcoded-password-check
    if username == "admin" and password == "S3cr3tP@ss":
        return True
    # ok: python.hardcoded-password-check
    if password == "":
        return False
    # ok: python.hardcoded-password-check
    return username == "guest"


def check_form(form):
    # ruleid: python.hardcoded-password-check
    return form["password"] == "letmein2024"


def check_placeholder(password):
    # ok: python.hardcoded-password-check
    return password == "CHANGE_ME"


def connect_dsn():
    # ruleid: python.hardcoded-connection-password
    first = psycopg2.connect("dbname=app user=admin password=Admin123!")
    # ruleid: python.hardcoded-connection-password
    url = "postgresql://admin:s3cr3t@db.internal:5432/app"
    # ok: python.hardcoded-connection-password
    second = psycopg2.connect("dbname=app user=admin")
    # ok: python.hardcoded-connection-password
    third = psycopg2.connect(f"dbname=app user=admin password={os.environ['DB_PASSWORD']}")
    # ok: python.hardcoded-connection-password
    local = "postgresql://app@localhost/app"
    return first, url, second, third, local


def send_report():
    import smtplib

    server = smtplib.SMTP("smtp.example.com", 587)
    # ruleid: python.hardcoded-login-password
    server.login("reports@example.com", "Mailpass2023")
    # ok: python.hardcoded-login-password
    server.login("reports@example.com", os.environ["SMTP_PASSWORD"])
    # ok: python.hardcoded-login-password
    server.login("reports@example.com", "YOUR_PASSWORD")


def encrypt_token(data):
    from Crypto.Cipher import AES
    from cryptography.fernet import Fernet

    key = b"Sixteen byte key"
    # ruleid: python.hardcoded-crypto-key
    first = AES.new(key, AES.MODE_GCM).encrypt_and_digest(data)
    # ruleid: python.hardcoded-crypto-key, python.hardcoded-generated-key
    second = Fernet(b"ZmDfcTF7_60GrrY167zsiPd67pEvs0aGOv2oasOM1Pg=").encrypt(data)
    # ok: python.hardcoded-crypto-key
    third = Fernet(os.environ["FERNET_KEY"]).encrypt(data)
    return first, second, third


def call_api():
    import requests

    # ruleid: python.hardcoded-auth-header
    first = requests.get("https://api.example.com", headers={"Authorization": "Token 9f8e7d6c5b4a39281716"}, timeout=5)
    # ok: python.hardcoded-auth-header
    second = requests.get("https://api.example.com", headers={"Authorization": "Bearer " + os.environ["TOKEN"]}, timeout=5)
    # ok: python.hardcoded-auth-header
    third = requests.get("https://api.example.com", headers={"Authorization": "Bearer YOUR_TOKEN_HERE"}, timeout=5)
    return first, second, third


# ---- python.hardcoded-generated-key ----
from cryptography.fernet import Fernet

PASTED_KEY = b"3q2-7Xv0f8Yk2nQe9LwZp1cR5tUy6Hj4Gs0Da7Bm8Kc="
# ruleid: python.hardcoded-generated-key, python.hardcoded-crypto-key
pasted = Fernet(PASTED_KEY)
# ruleid: python.hardcoded-generated-key, python.hardcoded-crypto-key
inline = Fernet("Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MGFiY2RlZmdoaWo=")
# ok: python.hardcoded-generated-key
from_env = Fernet(os.environ["FERNET_KEY"].encode())
# ok: python.hardcoded-generated-key
fresh = Fernet(Fernet.generate_key())


def issue_token(user, password, secret):
    import jwt

    # ruleid: python.jwt-payload-password
    token = jwt.encode({"sub": user.id, "password": password}, secret, algorithm="HS256")
    # ruleid: python.jwt-payload-password
    claims = {"username": user.name, "pwd": user.password_hash}
    second = jwt.encode(claims, secret, algorithm="HS256")
    # ok: python.jwt-payload-password
    third = jwt.encode({"sub": user.id, "role": user.role}, secret, algorithm="HS256")
    # ok: python.jwt-payload-password
    form = {"username": user.name, "password": password}
    return token, second, third, form
