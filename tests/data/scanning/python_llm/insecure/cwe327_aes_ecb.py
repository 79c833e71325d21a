from Crypto.Cipher import AES
from Crypto.Util.Padding import pad


def encrypt_card_number(key: bytes, card: str) -> bytes:
    cipher = AES.new(key, AES.MODE_ECB)
    return cipher.encrypt(pad(card.encode(), AES.block_size))
