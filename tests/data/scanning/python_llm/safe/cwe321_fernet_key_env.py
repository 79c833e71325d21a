import os

from cryptography.fernet import Fernet

cipher = Fernet(os.environ["FERNET_KEY"].encode())


def encrypt_token(token: str) -> bytes:
    return cipher.encrypt(token.encode())
