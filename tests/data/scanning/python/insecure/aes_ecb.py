from Crypto.Cipher import AES
from Crypto.Util.Padding import pad, unpad


def encrypt(key: bytes, plaintext: str) -> bytes:
    cipher = AES.new(key, AES.MODE_ECB)
    return cipher.encrypt(pad(plaintext.encode(), AES.block_size))


def decrypt(key: bytes, ciphertext: bytes) -> str:
    cipher = AES.new(key, AES.MODE_ECB)
    return unpad(cipher.decrypt(ciphertext), AES.block_size).decode()
