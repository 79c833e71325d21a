from Crypto.Cipher import DES


def encrypt_record(key: bytes, data: bytes) -> bytes:
    cipher = DES.new(key, DES.MODE_CBC)
    padded = data + b" " * (8 - len(data) % 8)
    return cipher.iv + cipher.encrypt(padded)
