from Crypto.Cipher import AES
from Crypto.Util.Padding import pad

IV = b"0000000000000000"


def encrypt(key: bytes, plaintext: bytes) -> bytes:
    cipher = AES.new(key, AES.MODE_CBC, IV)
    return cipher.encrypt(pad(plaintext, AES.block_size))
