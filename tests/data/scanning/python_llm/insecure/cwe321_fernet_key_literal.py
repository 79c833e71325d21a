from cryptography.fernet import Fernet

# key generated once and pasted here
KEY = b"3q2-7Xv0f8Yk2nQe9LwZp1cR5tUy6Hj4Gs0Da7Bm8Kc="
cipher = Fernet(KEY)


def encrypt_token(token: str) -> bytes:
    return cipher.encrypt(token.encode())
