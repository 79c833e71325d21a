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
